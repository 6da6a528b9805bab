import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ClientIdentity } from '../identity/index.js';
import {
  type Activity,
  createResponder,
  type EarlyBody,
  MAX_EARLY_SESSIONS,
  type Responder,
} from './responder.js';
import { answerKey, type KeptAnswer, type StartAnswer } from './start-answers.js';

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

function client(
  tokenId: string | undefined,
  allowsServer = (s: string) => s !== 'hidden',
  requestsPerMinute?: number,
): ClientIdentity {
  return {
    tokenId,
    name: tokenId,
    profile: {
      name: 'default',
      exists: true,
      mode: undefined,
      pinned: undefined,
      requestsPerMinute,
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

interface ServeOptions {
  fingerprint?: string;
  allowHost?: boolean;
  /** What every throttle check answers; without it, each one counts as identity.ts counts. */
  throttle?: number;
  /** Token t1's requests a minute (counted as the engine's identity counts them). */
  requestsPerMinute?: number;
  /** The kept answers, by scope, each naming its scope as the server (default: `*` only, as kept). */
  scopes?: string[];
  /** What the store gives back for a kept answer (default: the answer as kept). */
  kept?: (answer: StartAnswer) => KeptAnswer;
}

/** The responder on a real port; what it leaves to the engine is answered 599 with the body it read. */
async function serve(options: ServeOptions = {}) {
  const t1 = client('t1', undefined, options.requestsPerMinute);
  const tokens: Record<string, ClientIdentity> = { 'Bearer t1': t1, 'Bearer t2': client('t2') };
  const kept = new Map(
    (options.scopes ?? ['*']).map((scopeKey) => [
      answerKey({ scopeKey, tokenId: 't1', profile: 'default', params: INIT_PARAMS }),
      options.scopes === undefined
        ? KEPT
        : { ...KEPT, initialize: KEPT.initialize.replace('"g"', JSON.stringify(scopeKey)) },
    ]),
  );
  let counted = 0;
  const responder: Responder = createResponder({
    identity: {
      check: (auth) => {
        const c = auth === undefined ? undefined : tokens[auth];
        return c === undefined ? { ok: false, reason: 'invalid' } : { ok: true, client: c };
      },
      // As identity.ts counts: every call is one request of the minute, refused over the limit.
      throttle: (c) => {
        const limit = c.profile.requestsPerMinute;
        if (options.throttle !== undefined || limit === undefined) {
          return options.throttle ?? 0;
        }
        if (counted >= limit) {
          return 60;
        }
        counted += 1;
        return 0;
      },
    },
    allows: () => options.allowHost ?? true,
    answers: {
      find: (key, fp) => {
        const k = kept.get(key);
        if (k?.fingerprint !== fp) {
          return undefined;
        }
        return options.kept?.(k) ?? { ...k, tools: Buffer.from(k.tools) };
      },
    },
    fingerprint: options.fingerprint ?? 'now',
    mode: () => 'all',
    maxBodyBytes: () => 1_000_000,
    maxSessions: () => 256,
  });
  const server = http.createServer((req: http.IncomingMessage & EarlyBody, res) => {
    // As engine-http.ts's tryEarly: a request not answered, or whose answer failed, waits for the engine.
    responder.answer(req, res).then(
      (answered) => answered || res.writeHead(599).end(req.earlyBody ?? ''),
      () => res.writeHead(599).end(req.earlyBody ?? ''),
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { responder, url, counted: () => counted };
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

/** The handshake with its end (notifications/initialized): a session ready for its tool list. */
async function openSession(url: string) {
  const opened = await handshake(url);
  await post(`${url}/mcp`, { jsonrpc: '2.0', method: 'notifications/initialized' }, opened.headers);
  return opened;
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

describe('early responder, against what the engine would do', () => {
  it('counts a request against the rate limit only when it answers it (the engine counts the rest)', async () => {
    const { url, counted } = await serve({ requestsPerMinute: 100 });
    const { headers } = await openSession(url);
    expect(counted()).toBe(2);
    // A call is the engine's to answer: the engine's authorizeClient counts it when it serves it.
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'a__b' } };
    expect((await post(`${url}/mcp`, call, headers)).status).toBe(599);
    // An initialize of another client set-up: no kept answer, the engine opens the session.
    const other = { ...initialize, params: { ...INIT_PARAMS, clientInfo: { name: 'd', version: '1' } } };
    expect((await post(`${url}/mcp`, other)).status).toBe(599);
    expect(counted()).toBe(2);
  });

  it('leaves an initialize sent with a 2026-07-28 MCP-Protocol-Version header to the engine (it refuses it)', async () => {
    const { url } = await serve();
    // The SDK's era classification refuses a legacy handshake under a modern header
    // ("initialize-with-modern-header"); the engine answers 400, never a session.
    const modern = await post(`${url}/mcp`, initialize, { 'mcp-protocol-version': '2026-07-28' });
    expect(modern.status).toBe(599);
    expect(modern.session).toBeNull();
  });

  it('reads ?mode= as the engine does: a repeated mode is not the meta scope', async () => {
    const { url } = await serve({ scopes: ['*', 'meta'] });
    // express (query parser "simple") makes a repeated parameter an array, so the engine's
    // `req.query['mode'] === 'meta'` is false and the session is opened on `*`.
    const twice = await post(`${url}/mcp?mode=meta&mode=all`, initialize);
    expect(twice.status).toBe(200);
    expect(twice.text).toContain('"serverInfo":{"name":"*"');
  });

  it('tells that a request is done with even when its kept answer cannot be read', async () => {
    const { url, responder } = await serve({
      kept: (k) => ({ fingerprint: k.fingerprint, initialize: 'not json', tools: Buffer.from(k.tools) }),
    });
    const seen: Activity[] = [];
    responder.onActivity((e) => seen.push(e));
    expect((await post(`${url}/mcp`, initialize)).status).toBe(599);
    // Without a last event the engine's loading waits for this request until HANDSHAKE_MAX_MS.
    await vi.waitFor(() => expect(seen).toEqual(['request', 'handedOver']));
  });

  it('holds no tool list once the engine has taken its sessions over', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const refs: Array<WeakRef<Buffer>> = [];
    const big = `{"tools":[{"name":"a__b","description":"${'x'.repeat(1 << 20)}"}]}`;
    const { url, responder } = await serve({
      kept: (k) => {
        const tools = Buffer.from(big);
        refs.push(new WeakRef(tools));
        return { ...k, tools };
      },
    });
    for (let i = 0; i < 4; i += 1) {
      const { headers } = await openSession(url);
      const list = await post(`${url}/mcp`, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers);
      expect(list.text.length).toBeGreaterThan(1 << 20);
    }
    expect(refs).toHaveLength(4);
    // The engine takes the sessions over (and lets go of each list once it has compared it);
    // the responder itself stays referenced for the whole run (early-start.ts's closures).
    responder.takeSessions().length = 0;
    for (let i = 0; i < 5 && refs.some((r) => r.deref() !== undefined); i += 1) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });

  it('answers pipelined requests on one socket in order, and leaves duplicated session headers alone', async () => {
    const { url } = await serve();
    const { port } = new URL(url);
    const request = (body: unknown, extra = '') => {
      const text = JSON.stringify(body);
      return (
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `Accept: application/json, text/event-stream\r\nAuthorization: Bearer t1\r\n${extra}` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
      );
    };
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'a__b' } };
    const socket = net.connect(Number(port), '127.0.0.1');
    let seen = '';
    socket.on('data', (d: Buffer) => (seen += d.toString()));
    // Sent in pieces across three writes, the middle request cut inside its headers.
    const all = request(initialize) + request(call) + request(initialize);
    const cut = request(initialize).length + 40;
    socket.write(all.slice(0, cut));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(all.slice(cut));
    await vi.waitFor(() => expect(seen.match(/HTTP\/1\.1 \d+/g)).toHaveLength(3));
    socket.destroy();
    expect(seen.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 599', 'HTTP/1.1 200']);
    expect(seen).toContain('"id":3');

    const { init } = await openSession(url);
    const twice = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: [
        ['content-type', 'application/json'],
        ['accept', 'application/json, text/event-stream'],
        ['authorization', 'Bearer t1'],
        ['mcp-session-id', init.session ?? ''],
        ['mcp-session-id', init.session ?? ''],
      ],
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(twice.status).toBe(599);
  });
});
