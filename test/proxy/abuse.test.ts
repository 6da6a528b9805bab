/**
 * Abuse: thousands of malformed and hostile requests against every face of the gateway (/mcp,
 * /mcp/<server>, /sse and /messages, /api/v1, /ui) on 127.0.0.1 — bad JSON, deep nesting, huge
 * batches, junk bytes, odd content types and header values, path traversal, every method.
 * Nothing may answer 5xx, nothing may crash, nothing may leak a file, and a normal call works
 * afterwards. Bounded: a fixed, seeded list of requests, 16 at a time.
 */
import http from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectHttp, type Gateway, startGateway } from '../lib/gateway.js';
import { fixture, nodeServer } from '../lib/paths.js';

let gw: Gateway;
let port: number;

beforeAll(async () => {
  gw = await startGateway(
    { hostile: nodeServer(fixture('servers/hostile.mjs')) },
    { limits: { bodyTimeoutMs: 1_000, sessionInitTimeoutMs: 2_000 } },
  );
  await gw.ready(['hostile']);
  port = Number(new URL(gw.url).port);
});

afterAll(async () => {
  await gw?.close();
});

/** A small seeded PRNG (mulberry32), so every run sends the same bytes. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Attempt {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

interface Outcome {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function send(a: Attempt): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: a.method, path: a.path, headers: a.headers, agent, timeout: 10_000 },
      (res) => {
        const status = res.statusCode ?? 0;
        if (String(res.headers['content-type'] ?? '').includes('event-stream')) {
          // A stream stays open by design: its status is what counts.
          res.destroy();
          resolve({ status, body: '' });
          return;
        }
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => (body.length < 100_000 ? (body += c) : undefined));
        res.on('end', () => resolve({ status, body }));
        res.on('error', () => resolve({ status, body }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: -1, body: '' });
    });
    req.on('error', () => resolve({ status: -2, body: '' }));
    req.end(a.body);
  });
}

function attempts(token: string): Attempt[] {
  const rand = prng(13);
  const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const ping = (id: number) => ({ jsonrpc: '2.0', id, method: 'ping' });
  const bodies: (string | Buffer)[] = [
    '',
    '{',
    '{"jsonrpc":',
    'null',
    '[]',
    '"text"',
    '123',
    'true',
    '{"jsonrpc":"2.0"}',
    '{"jsonrpc":"2.0","id":{},"method":[]}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"x"}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"../../etc/passwd","arguments":[]}}',
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"1999-01-01"}}',
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"' +
      'n'.repeat(10_000) +
      '","version":"1"}}}',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    deep(5_000),
    `{"jsonrpc":"2.0","id":1,"method":"ping","params":${deep(20_000)}}`,
    JSON.stringify(Array.from({ length: 5_000 }, (_, i) => ping(i))),
    JSON.stringify(Array.from({ length: 100 }, () => [])),
    '\uFEFF{"jsonrpc":"2.0","id":1,"method":"ping"}',
    '{"a":"\\ud800"}',
    junk(64),
    junk(4_096),
    Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x00]),
    'x'.repeat(1_100_000),
  ];
  const paths = [
    '/mcp',
    '/mcp?mode=meta',
    '/mcp/hostile',
    '/mcp/nope',
    '/mcp/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/mcp/..%2F..%2Fpackage.json',
    '/mcp/%00',
    '/mcp/%E0%A4%A',
    '/mcp/hostile/../../api/v1/servers',
    '/sse',
    '/messages?sessionId=../../etc/passwd',
    '/messages',
    '/api/v1/servers',
    '/api/v1/servers/..%2F..%2Fetc%2Fpasswd',
    '/api/v1/tools/call',
    '/api/v1/settings',
    '/api/v2/x',
    '/ui/../../package.json',
    '/ui/%2e%2e/%2e%2e/package.json',
    '/ui/..%5c..%5cpackage.json',
    '//etc/passwd',
    '/metrics',
  ];
  const contentTypes = [
    'application/json',
    'text/plain',
    'application/json; charset=utf-16',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'application/json, text/html',
    'application/' + 'j'.repeat(2_000),
  ];
  const headerSets: Record<string, string>[] = [
    {},
    { accept: 'application/json, text/event-stream' },
    { accept: '*/*', 'mcp-protocol-version': 'garbage' },
    { 'mcp-session-id': '../../etc/passwd', 'mcp-protocol-version': '2025-03-26' },
    { 'mcp-session-id': 's'.repeat(4_000) },
    { authorization: `Bearer ${token}` },
    { authorization: 'Bearer ' + 'A'.repeat(3_000) },
    { authorization: 'Basic Zm9vOmJhcg==' },
    { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
    { 'last-event-id': '-1' },
    { 'last-event-id': '9'.repeat(400) },
    { host: 'evil.example' },
    { host: '127.0.0.1:1' },
  ];
  const out: Attempt[] = [];
  let i = 0;
  for (const p of paths) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
      for (const h of headerSets) {
        const headers: Record<string, string> = { ...h };
        if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
          // Every path and header set gets a few bodies, rotating through all of them.
          for (let k = 0; k < 3; k++) {
            const body = bodies[(i++ * 7 + k) % bodies.length] as string | Buffer;
            out.push({
              method,
              path: p,
              headers: { ...headers, 'content-type': contentTypes[i % contentTypes.length] as string },
              body,
            });
          }
        } else {
          out.push({ method, path: p, headers });
        }
      }
    }
  }
  // Every body on the MCP endpoints with the token-less headers a real client sends.
  for (const p of ['/mcp', '/mcp/hostile', '/messages?sessionId=x', '/api/v1/servers']) {
    for (const body of bodies) {
      out.push({
        method: 'POST',
        path: p,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${token}`,
        },
        body,
      });
    }
  }
  // A declared length that never arrives.
  out.push({
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', 'content-length': '50' },
    body: '{"jsonrpc"',
  });
  return out;
}

describe('abuse', () => {
  it('answers thousands of hostile requests without a 5xx, a crash or a leak, and still serves a normal call', async () => {
    const list = attempts(gw.engine.token);
    const outcomes: { a: Attempt; o: Outcome }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < list.length) {
          const a = list[next++] as Attempt;
          outcomes.push({ a, o: await send(a) });
        }
      }),
    );
    const serverErrors = outcomes.filter(({ o }) => o.status >= 500);
    const leaks = outcomes.filter(({ o }) => /"name": "mcp-gateway-desktop"|root:x:0:0/.test(o.body));
    const dropped = outcomes.filter(({ o }) => o.status < 0).length;
    const byStatus = new Map<number, number>();
    for (const { o } of outcomes) {
      byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    }
    console.log(
      `abuse: ${outcomes.length} requests; answers by status ${JSON.stringify(Object.fromEntries([...byStatus].sort((x, y) => x[0] - y[0])))}`,
    );
    expect(outcomes.length).toBeGreaterThan(2_000);
    expect(
      serverErrors.map(
        ({ a, o }) =>
          `${a.method} ${a.path} ${JSON.stringify(a.headers).slice(0, 120)} → ${o.status} ${o.body.slice(0, 200)}`,
      ),
    ).toEqual([]);
    expect(leaks.map(({ a }) => `${a.method} ${a.path}`)).toEqual([]);
    // Connections the gateway closed on purpose (oversized or stalled bodies) are few.
    expect(dropped).toBeLessThan(outcomes.length / 20);

    const { client, close } = await connectHttp(gw.mcpUrl, { name: 'after-abuse' });
    try {
      const r = await client.callTool({ name: 'hostile__echo', arguments: { text: 'fine' } });
      expect(r.content).toEqual([{ type: 'text', text: 'fine' }]);
    } finally {
      await close();
    }
    const health = await fetch(`${gw.url}/api/v1/health`, {
      headers: { authorization: `Bearer ${gw.engine.token}` },
    });
    expect(health.status).toBe(200);
  });
});
