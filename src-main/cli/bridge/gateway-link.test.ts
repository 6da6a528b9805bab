import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../engine/telemetry/index.js';
import { isConnectionRefused, openGatewayLink } from './gateway-link.js';

/** Lines written to the fake stdout, parsed. */
function collect(out: PassThrough): unknown[] {
  const lines: unknown[] = [];
  let rest = '';
  out.on('data', (chunk: Buffer) => {
    rest += chunk.toString();
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts.map((l) => JSON.parse(l) as unknown));
  });
  return lines;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('openGatewayLink', () => {
  let server: http.Server;
  let url: string;
  const seen: { auth?: string; version?: string; method: string }[] = [];
  beforeEach(async () => {
    seen.length = 0;
    // Answers initialize with a session, anything else with an empty result, DELETE with 200.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.method !== 'POST') {
          res.statusCode = req.method === 'DELETE' ? 200 : 405;
          seen.push({ method: req.method ?? '' });
          res.end();
          return;
        }
        const msg = JSON.parse(body) as { id?: number; method: string };
        seen.push({
          auth: req.headers.authorization,
          version: req.headers['mcp-protocol-version'] as string | undefined,
          method: msg.method,
        });
        if (msg.id === undefined) {
          res.statusCode = 202;
          res.end();
          return;
        }
        const result = msg.method === 'initialize' ? { protocolVersion: '2025-06-18', capabilities: {} } : {};
        res.setHeader('content-type', 'application/json');
        res.setHeader('mcp-session-id', 'sess-1');
        res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('forwards with the token, writes answers back, sends the negotiated version, and ends the session', async () => {
    const out = new PassThrough();
    const lines = collect(out);
    const link = await openGatewayLink(url, 'mcpgw_t', out, silentLogger);
    link.forward({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    await until(() => lines.length === 1);
    link.forward({ jsonrpc: '2.0', id: 2, method: 'ping' });
    await until(() => lines.length === 2);
    expect(lines).toEqual([
      { jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-06-18', capabilities: {} } },
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
    expect(seen.map((s) => s.auth)).toEqual(['Bearer mcpgw_t', 'Bearer mcpgw_t']);
    expect(seen[1]?.version).toBe('2025-06-18');
    link.finish();
    await link.done;
    await link.close();
    expect(seen.at(-1)?.method).toBe('DELETE');
  });

  it('answers a request with an error and ends when no gateway listens', async () => {
    await new Promise((resolve) => server.close(resolve));
    server = http.createServer();
    const out = new PassThrough();
    const lines = collect(out);
    const link = await openGatewayLink(url, undefined, out, silentLogger);
    link.forward({ jsonrpc: '2.0', id: 7, method: 'ping' });
    await link.done;
    await until(() => lines.length === 1);
    expect(lines[0]).toMatchObject({
      id: 7,
      error: { code: -32603, message: expect.stringContaining(`no gateway at ${url}`) },
    });
    await expect(link.close()).rejects.toThrow('start it with `mcp-gateway serve`');
  });
});

describe('isConnectionRefused', () => {
  it('knows refused and unreachable connections, also as a cause', () => {
    expect(isConnectionRefused(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe(true);
    expect(
      isConnectionRefused(Object.assign(new Error('x'), { cause: new Error('getaddrinfo ENOTFOUND h') })),
    ).toBe(true);
    expect(isConnectionRefused(new Error('HTTP 500'))).toBe(false);
  });
});
