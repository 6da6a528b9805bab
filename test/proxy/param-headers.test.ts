import { type ChildProcess, spawn } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../lib/gateway.js';
import { fixture, nodeServer } from '../lib/paths.js';

/**
 * SEP-2243 custom headers through the gateway. The conformance fixture's `test_header_param`
 * mirrors `region` into `Mcp-Param-Region`; over Streamable HTTP the fixture refuses a call
 * without it. The gateway checks what 2026-07-28 clients send (as the server) and sends what a
 * 2026-era HTTP backend checks (as its client), for clients of either era.
 */

const BACKEND = fixture('conformance-backend.mjs');
let gw: Gateway;
let http: ChildProcess;
let directUrl: string;

async function startHttpFixture(): Promise<string> {
  http = spawn(process.execPath, [BACKEND, '--http'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    http.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        resolve(`http://127.0.0.1:${m[1]}/mcp`);
      }
    });
    http.once('exit', () => reject(new Error('the HTTP fixture exited')));
  });
}

beforeAll(async () => {
  directUrl = await startHttpFixture();
  // A remote server's sign-in state needs a secret store: the owner-only file stands in here.
  gw = await startGateway(
    { dual: nodeServer(BACKEND, '--dual'), web: { url: directUrl } },
    { secrets: { allowFileFallback: true } },
  );
  await gw.ready(['dual', 'web']);
});

afterAll(async () => {
  await gw?.close();
  http?.kill();
});

let nextId = 1;

/** One 2026-07-28 tools/call over plain HTTP with the standard headers and these extra ones. */
async function modernCall(
  url: string,
  name: string,
  args: Record<string, unknown>,
  extra: Record<string, string>,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
      ...extra,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: nextId++,
      method: 'tools/call',
      params: {
        name,
        arguments: args,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': { name: 'raw-modern', version: '1.0.0' },
        },
      },
    }),
  });
  const text = await res.text();
  const message = (
    res.headers.get('content-type')?.includes('text/event-stream')
      ? text
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => JSON.parse(l.slice(5)) as Record<string, unknown>)
          .find((m) => 'result' in m || 'error' in m)
      : JSON.parse(text)
  ) as { result?: { content?: { text?: string }[] }; error?: { code: number; message: string } };
  return { status: res.status, message };
}

const region = (r: { message: { result?: { content?: { text?: string }[] } } }) =>
  r.message.result?.content?.[0]?.text;

describe('Mcp-Param-* headers (SEP-2243)', () => {
  it('the tool keeps its x-mcp-header declaration through the gateway', async () => {
    const tool = gw.engine.ctx.catalog
      .tools()
      .find((t) => t.server === 'dual' && t.name === 'test_header_param');
    expect(JSON.stringify(tool?.definition.inputSchema)).toContain('"x-mcp-header":"Region"');
  });

  for (const [label, path] of [
    ['/mcp/<server> in front of a stdio backend', '/mcp/dual'],
    ['/mcp/<server> in front of an HTTP backend', '/mcp/web'],
  ] as const) {
    describe(label, () => {
      it('a call with the matching header (plain or Base64) is answered', async () => {
        const plain = await modernCall(
          `${gw.url}${path}`,
          'test_header_param',
          { region: 'eu' },
          {
            'Mcp-Param-Region': 'eu',
          },
        );
        expect(plain.status).toBe(200);
        expect(region(plain)).toBe('Region: eu');
        const b64 = await modernCall(
          `${gw.url}${path}`,
          'test_header_param',
          { region: 'Zürich' },
          {
            'Mcp-Param-Region': `=?base64?${Buffer.from('Zürich').toString('base64')}?=`,
          },
        );
        expect(region(b64)).toBe('Region: Zürich');
      });

      it('a missing, different or badly encoded header is refused 400 / -32020, as directly', async () => {
        const cases: Record<string, string>[] = [
          {},
          { 'Mcp-Param-Region': 'us' },
          { 'Mcp-Param-Region': '=?base64?SGVsbG8?=' },
        ];
        for (const headers of cases) {
          const direct = await modernCall(directUrl, 'test_header_param', { region: 'eu' }, headers);
          const via = await modernCall(`${gw.url}${path}`, 'test_header_param', { region: 'eu' }, headers);
          expect(direct.status).toBe(400);
          expect(direct.message.error?.code).toBe(-32020);
          expect(via.status).toBe(400);
          expect(via.message.error?.code).toBe(-32020);
          expect(via.message.error?.message).toMatch(/Mcp-Param-Region/);
        }
      });
    });
  }

  it('/mcp checks the header under the gateway name of the tool', async () => {
    const refused = await modernCall(gw.mcpUrl, 'web__test_header_param', { region: 'eu' }, {});
    expect(refused.status).toBe(400);
    expect(refused.message.error?.code).toBe(-32020);
    const ok = await modernCall(
      gw.mcpUrl,
      'web__test_header_param',
      { region: 'eu' },
      { 'Mcp-Param-Region': 'eu' },
    );
    expect(region(ok)).toBe('Region: eu');
  });

  it('a 2025-era client (no such headers) reaches the 2026-era HTTP backend: the gateway sends them', async () => {
    expect(gw.engine.ctx.supervisor.get('web')?.era).toBe('modern');
    const { client } = await gw.connect();
    const result = await client.callTool({
      name: 'web__test_header_param',
      arguments: { region: ' spaced ' },
    });
    expect(result.isError).not.toBe(true);
    expect(JSON.stringify(result.content)).toContain('Region:  spaced ');
  });

  it('an argument too large for a header gets an error naming it, not a bare HTTP failure', async () => {
    const { client } = await gw.connect();
    // The backend (Node's HTTP server) takes at most 16 KiB of headers: it answers 431.
    const big = 'x'.repeat(40_000);
    const err = await client.callTool({ name: 'web__test_header_param', arguments: { region: big } }).then(
      () => undefined,
      (e: unknown) => e as { code?: number; message?: string },
    );
    expect(err?.code).toBe(-32602);
    expect(err?.message).toMatch(/HTTP 431/);
    expect(err?.message).toMatch(/Mcp-Param-Region \(40000 bytes\)/);
    expect(err?.message).toMatch(/Shorten that argument/);
    // The next ordinary call still works.
    const ok = await client.callTool({ name: 'web__test_header_param', arguments: { region: 'eu' } });
    expect(JSON.stringify(ok.content)).toContain('Region: eu');
  });
});
