import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { gatewayKnows, tokenIssuer } from './token-issuer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-issuer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tokenIssuer without a running gateway', () => {
  it('issues into the data folder, knows what it issued, and follows the config on client auth', async () => {
    const issuer = await tokenIssuer(undefined, 'http://127.0.0.1:1/mcp', { clientAuth: 'required' }, dir);
    expect(issuer.enabled()).toBe(true);
    const token = await issuer.issue('cursor');
    expect(token).toMatch(/^mcpgw_/);
    expect(await issuer.knows(token)).toBe(true);
    expect(await issuer.knows('mcpgw_' + 'x'.repeat(43))).toBe(false);
    const off = await tokenIssuer(undefined, 'http://127.0.0.1:1/mcp', { clientAuth: 'off' }, dir);
    expect(off.enabled()).toBe(false);
  });
});

describe('gatewayKnows', () => {
  let server: http.Server;
  let url: string;
  beforeEach(async () => {
    // Answers like the gateway: 401 for an unknown token, 400 (no session yet) for a known one.
    server = http.createServer((req, res) => {
      req.resume();
      res.statusCode = req.headers.authorization === 'Bearer good' ? 400 : 401;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('tells a token the gateway knows from one it refuses', async () => {
    expect(await gatewayKnows(url, 'good')).toBe(true);
    expect(await gatewayKnows(url, 'bad')).toBe(false);
  });

  it('says no when nothing answers', async () => {
    const closed = url;
    await new Promise((resolve) => server.close(resolve));
    server = http.createServer();
    server.listen(0, '127.0.0.1');
    expect(await gatewayKnows(closed, 'good')).toBe(false);
  });
});
