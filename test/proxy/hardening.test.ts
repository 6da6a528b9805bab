/**
 * Limits at the edge of the MCP endpoints and the control API, each tried the way an attacker
 * (or a broken client) would: JSON nested too deep, a backend result too deep to serialise,
 * half-open sessions filling every slot, huge batches, too many calls in flight on one session,
 * and a request body that trickles in.
 */
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../lib/gateway.js';
import { fixture, nodeServer } from '../lib/paths.js';

const HOSTILE = fixture('servers/hostile.mjs');
const ACCEPT = 'application/json, text/event-stream';
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway(
    { hostile: nodeServer(HOSTILE) },
    {
      limits: {
        maxSessions: 256,
        sessionInitTimeoutMs: 1_500,
        maxBatchSize: 50,
        maxInFlightPerSession: 4,
        bodyTimeoutMs: 1_000,
      },
    },
  );
  await gw.ready(['hostile']);
});

afterAll(async () => {
  await gw?.close();
});

function deep(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON-RPC answers of several shapes
    json: () => JSON.parse(text.replace(/^event: message\ndata: /, '')) as Record<string, any>,
  };
}

/** An initialised raw session (2025-03-26, which still allows batches); returns its id. */
async function openSession(url = gw.mcpUrl): Promise<string> {
  const init = await post(url, JSON.stringify(INIT));
  expect(init.status).toBe(200);
  const id = init.headers.get('mcp-session-id') ?? '';
  const headers = { 'mcp-session-id': id, 'mcp-protocol-version': '2025-03-26' };
  expect(
    (await post(url, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), headers))
      .status,
  ).toBe(202);
  return id;
}

const connect = () => gw.connect({ name: 'real' });

describe('JSON nesting depth', () => {
  const tooDeep = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"hostile__echo","arguments":{"x":${deep(100_000)}}}}`;

  it('answers 400 with a parse error on /mcp, on an open session and on /mcp/<server>', async () => {
    for (const [url, headers] of [
      [gw.mcpUrl, {}],
      [gw.mcpUrl, { 'mcp-session-id': await openSession(), 'mcp-protocol-version': '2025-03-26' }],
      [
        `${gw.url}/mcp/hostile`,
        {
          'mcp-session-id': await openSession(`${gw.url}/mcp/hostile`),
          'mcp-protocol-version': '2025-03-26',
        },
      ],
      [`${gw.url}/mcp/hostile`, {}],
    ] as const) {
      const r = await post(url, tooDeep, headers);
      expect(r.status, `${url} ${r.text.slice(0, 200)}`).toBe(400);
      expect(r.json().error).toMatchObject({
        code: -32700,
        message: expect.stringMatching(/nested more than \d+ levels deep/),
      });
    }
  });

  it('answers 400 on the legacy /messages endpoint', async () => {
    const ac = new AbortController();
    const sse = await fetch(`${gw.url}/sse`, { signal: ac.signal });
    const reader = sse.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    const endpoint = /data: (\S+)/.exec(text)?.[1] ?? '';
    const r = await post(`${gw.url}${endpoint}`, tooDeep);
    ac.abort();
    expect(r.status).toBe(400);
    expect(r.json().error).toMatchObject({
      code: -32700,
      message: expect.stringMatching(/nested more than/),
    });
  });

  it('answers 400 with a clear error on /api/v1', async () => {
    const res = await fetch(`${gw.url}/api/v1/servers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.engine.token}` },
      body: `{"name":"x","config":${deep(100_000)}}`,
    });
    const body = (await res.json()) as { code: string; message: string };
    expect(res.status).toBe(400);
    expect(body).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/nested more than \d+ levels deep/),
    });
  });

  it('still answers a call whose backend result is too deep to serialise', async () => {
    const { client, close } = await connect();
    try {
      await expect(client.callTool({ name: 'hostile__deep', arguments: { depth: 50_000 } })).rejects.toThrow(
        /too deeply nested/,
      );
      // The session still works afterwards.
      expect(
        (await client.callTool({ name: 'hostile__echo', arguments: { text: 'after' } })).content,
      ).toEqual([{ type: 'text', text: 'after' }]);
    } finally {
      await close();
    }
  });
});

describe('session slots and per-session limits', () => {
  it('reaps a session that never sends notifications/initialized', async () => {
    const init = await post(gw.mcpUrl, JSON.stringify(INIT));
    expect(init.status).toBe(200);
    const id = init.headers.get('mcp-session-id') ?? '';
    let status = 0;
    for (let i = 0; i < 100 && status !== 404; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (
        await post(gw.mcpUrl, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }), {
          'mcp-session-id': id,
          'mcp-protocol-version': '2025-03-26',
        })
      ).status;
    }
    expect(status).toBe(404);
  });

  it('300 half-open initializes do not lock a real client out', async () => {
    for (let i = 0; i < 300; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => post(gw.mcpUrl, JSON.stringify(INIT))));
    }
    const { client, close } = await connect();
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('hostile__echo');
    } finally {
      await close();
    }
  });

  it('refuses a batch larger than the limit with a clear error', async () => {
    const headers = { 'mcp-session-id': await openSession(), 'mcp-protocol-version': '2025-03-26' };
    const batch = Array.from({ length: 1_000 }, (_, i) => ({ jsonrpc: '2.0', id: i + 1, method: 'ping' }));
    const r = await post(gw.mcpUrl, JSON.stringify(batch), headers);
    expect(r.status).toBe(400);
    expect(r.json().error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/batch of 1000 messages .* limit of 50 .*maxBatchSize/),
    });
    const small = await post(gw.mcpUrl, JSON.stringify(batch.slice(0, 3)), headers);
    expect(small.status).toBe(200);
  });

  it('refuses calls beyond the in-flight limit of a session, and serves them again afterwards', async () => {
    const headers = { 'mcp-session-id': await openSession(), 'mcp-protocol-version': '2025-03-26' };
    const call = (id: number, ms: number) =>
      post(
        gw.mcpUrl,
        JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name: 'hostile__sleep', arguments: { ms } },
        }),
        headers,
      );
    const slow = Array.from({ length: 4 }, (_, i) => call(i + 1, 6_000));
    // Wait until the four are in flight, then a fifth is refused.
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 50 && refused === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const r = await call(100 + i, 10);
      if (r.status === 429) {
        refused = r;
      }
    }
    expect(refused?.json().error).toMatchObject({
      code: -32000,
      message: expect.stringMatching(
        /4 requests in flight, its limit \(gateway\.limits\.maxInFlightPerSession\)/,
      ),
    });
    for (const r of await Promise.all(slow)) {
      expect(r.status).toBe(200);
      expect(r.json().result.content[0].text).toBe('slept');
    }
    expect((await call(200, 1)).status).toBe(200);
  });

  it('answers 408 to a request body that stops arriving', async () => {
    const port = Number(new URL(gw.url).port);
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.write(
      `POST /mcp HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\naccept: ${ACCEPT}\r\ncontent-length: 500\r\n\r\n{"jsonrpc":`,
    );
    let guard: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((r) => (guard = setTimeout(r, 20_000)))]);
    clearTimeout(guard);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toMatch(/did not arrive within/);
  });
});
