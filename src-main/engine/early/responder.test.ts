import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ClientIdentity } from '../identity/index.js';
import { createResponder, type EarlyBody, MAX_EARLY_SESSIONS, type Responder } from './responder.js';
import { answerKey, type StartAnswer } from './start-answers.js';

const INIT_PARAMS = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'c', version: '1' },
};
const KEPT: StartAnswer = {
  fingerprint: 'now',
  initialize:
    '{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"g","version":"1"}}',
  tools: '{"tools":[{"name":"a__b","inputSchema":{"type":"object"}}]}',
};

function client(tokenId: string | undefined, allowsServer = (s: string) => s !== 'hidden'): ClientIdentity {
  return {
    tokenId,
    name: tokenId,
    profile: {
      name: 'default',
      exists: true,
      mode: undefined,
      pinned: undefined,
      requestsPerMinute: undefined,
      all: true,
      allowsServer,
      allowsTool: () => true,
      memo: (_k, make) => make(),
    },
  };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** The responder on a real port; what it leaves to the engine is answered 599 with the body it read. */
async function serve(options: { fingerprint?: string; allowHost?: boolean; throttle?: number } = {}) {
  const tokens: Record<string, ClientIdentity> = { 'Bearer t1': client('t1'), 'Bearer t2': client('t2') };
  const kept = new Map([
    [answerKey({ scopeKey: '*', tokenId: 't1', profile: 'default', params: INIT_PARAMS }), KEPT],
  ]);
  const responder: Responder = createResponder({
    identity: {
      check: (auth) => {
        const c = auth === undefined ? undefined : tokens[auth];
        return c === undefined ? { ok: false, reason: 'invalid' } : { ok: true, client: c };
      },
      throttle: () => options.throttle ?? 0,
    },
    allows: () => options.allowHost ?? true,
    answers: {
      find: (key, fp) => {
        const k = kept.get(key);
        return k?.fingerprint === fp ? { ...k, tools: Buffer.from(k.tools) } : undefined;
      },
    },
    fingerprint: options.fingerprint ?? 'now',
    mode: () => 'all',
    maxBodyBytes: () => 1_000_000,
    maxSessions: () => 256,
  });
  const server = http.createServer((req: http.IncomingMessage & EarlyBody, res) => {
    void responder.answer(req, res).then((answered) => {
      if (!answered) {
        res.writeHead(599).end(req.earlyBody ?? '');
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { responder, url };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: 'Bearer t1',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, session: res.headers.get('mcp-session-id'), text: await res.text() };
}

const initialize = { jsonrpc: '2.0', id: 7, method: 'initialize', params: INIT_PARAMS };

async function handshake(url: string) {
  const init = await post(`${url}/mcp`, initialize);
  const headers = { 'mcp-session-id': init.session ?? '', 'mcp-protocol-version': '2025-06-18' };
  return { init, headers };
}

describe('early responder', () => {
  it('answers initialize, notifications/initialized and tools/list from the kept answer', async () => {
    const { url, responder } = await serve();
    const { init, headers } = await handshake(url);
    expect(init.status).toBe(200);
    expect(init.text).toBe(`event: message\ndata: {"result":${KEPT.initialize},"jsonrpc":"2.0","id":7}\n\n`);
    const mcp = `${url}/mcp`;
    expect((await post(mcp, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(
      202,
    );
    const list = await post(mcp, { jsonrpc: '2.0', id: 'l', method: 'tools/list' }, headers);
    expect(list.text).toBe(`{"jsonrpc":"2.0","id":"l","result":${KEPT.tools}}`);
    const [session] = responder.takeSessions();
    expect(session).toMatchObject({ id: init.session, scopeKey: '*', initialized: true });
    expect(session?.toolsGiven?.toString()).toBe(KEPT.tools);
    expect(session?.initialize).toEqual(initialize);
    // Taken over: nothing more is answered here.
    expect((await post(mcp, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers)).status).toBe(599);
  });

  it('leaves to the engine, with the body it read, whatever it cannot answer exactly', async () => {
    const { url } = await serve();
    const mcp = `${url}/mcp`;
    const { headers } = await handshake(url);
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'a__b' } };
    const left = await post(mcp, call, headers);
    expect(left.status).toBe(599);
    expect(JSON.parse(left.text)).toEqual(call);
    // tools/list before notifications/initialized, or with a cursor.
    expect((await post(mcp, { jsonrpc: '2.0', id: 4, method: 'tools/list' }, headers)).status).toBe(599);
    await post(mcp, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
    const cursor = { jsonrpc: '2.0', id: 5, method: 'tools/list', params: { cursor: 'x' } };
    expect((await post(mcp, cursor, headers)).status).toBe(599);
    // Another protocol version than the session's.
    const other = { ...headers, 'mcp-protocol-version': '2025-03-26' };
    expect((await post(mcp, { jsonrpc: '2.0', id: 6, method: 'tools/list' }, other)).status).toBe(599);
    // Another token than the session's, an unknown token, another client's initialize params.
    const t2 = { ...headers, authorization: 'Bearer t2' };
    expect((await post(mcp, { jsonrpc: '2.0', id: 8, method: 'tools/list' }, t2)).status).toBe(599);
    expect((await post(mcp, initialize, { authorization: 'Bearer nope' })).status).toBe(599);
    expect((await post(mcp, initialize, { authorization: 'Bearer t2' })).status).toBe(599);
    const otherClient = {
      ...initialize,
      params: { ...INIT_PARAMS, clientInfo: { name: 'd', version: '1' } },
    };
    expect((await post(mcp, otherClient)).status).toBe(599);
    // Another scope, a server out of the profile, a session it did not open.
    expect((await post(`${mcp}?mode=meta`, initialize)).status).toBe(599);
    expect((await post(`${mcp}/hidden`, initialize)).status).toBe(599);
    const foreign = { ...headers, 'mcp-session-id': 'not-mine' };
    expect((await post(mcp, { jsonrpc: '2.0', id: 9, method: 'tools/list' }, foreign)).status).toBe(599);
    // Not MCP, not JSON.
    expect((await post(`${url}/api/v1/health`, initialize)).status).toBe(599);
    expect((await post(mcp, initialize, { 'content-type': 'text/plain' })).status).toBe(599);
  });

  it('tells when a request is done with here: answered and written, a tool list, left with or without hurry', async () => {
    const { url, responder } = await serve();
    const seen: string[] = [];
    responder.onActivity((event) => seen.push(event));
    const { headers } = await handshake(url);
    await vi.waitFor(() => expect(seen).toEqual(['request', 'flushed']));
    await post(`${url}/mcp`, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
    await post(`${url}/mcp`, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers);
    await vi.waitFor(() => expect(seen.slice(2)).toEqual(['request', 'flushed', 'request', 'listed']));
    const get = (h: Record<string, string>) =>
      fetch(`${url}/mcp`, {
        headers: { ...h, accept: 'text/event-stream', authorization: 'Bearer t1' },
      }).then((r) => r.status);
    // The session's GET stream waits for the engine without hurrying it; another one hurries it.
    expect(await get(headers)).toBe(599);
    expect(seen.slice(6)).toEqual(['request', 'waits']);
    expect(await get({ ...headers, 'mcp-session-id': 'not-mine' })).toBe(599);
    expect(seen.slice(8)).toEqual(['request', 'handedOver']);
  });

  it(`opens at most ${MAX_EARLY_SESSIONS} sessions before the engine takes over`, async () => {
    const { url } = await serve();
    for (let i = 0; i < MAX_EARLY_SESSIONS; i += 1) {
      expect((await post(`${url}/mcp`, initialize)).status).toBe(200);
    }
    expect((await post(`${url}/mcp`, initialize)).status).toBe(599);
  });

  it('answers nothing when the inputs changed, the Host/Origin check refuses, or the client is throttled', async () => {
    for (const options of [{ fingerprint: 'other' }, { allowHost: false }, { throttle: 5 }]) {
      const { url } = await serve(options);
      expect((await post(`${url}/mcp`, initialize)).status).toBe(599);
    }
  });
});
