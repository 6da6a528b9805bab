import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadOrCreateAdminToken, tokensMatch } from '../../src-main/engine/security/admin-token.js';
import { assertBindAllowed } from '../../src-main/engine/security/bind.js';
import { ApiError, createApiClient } from '../../src-shared/api/client.js';
import { health } from '../../src-shared/api/routes.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { nodeFetch, rawRequest } from '../lib/http.js';
import { MEMORY, nodeServer } from '../lib/paths.js';

describe('control plane security', () => {
  let gw: Gateway;
  let port: string;
  const auth = () => ({ authorization: `Bearer ${gw.token}` });

  beforeAll(async () => {
    gw = await startGateway({ mem: nodeServer(MEMORY) }, { allowedOrigins: ['http://app.example:5173'] });
    port = new URL(gw.url).port;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('creates a 256-bit base64url admin token in a 0600 file and reuses it', async () => {
    const file = path.join(gw.dataDir, 'admin-token');
    const text = (await readFile(file, 'utf8')).trim();
    expect(text).toBe(gw.token);
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(text, 'base64url')).toHaveLength(32);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(await loadOrCreateAdminToken(gw.dataDir)).toBe(gw.token);
    expect(tokensMatch(gw.token, gw.token)).toBe(true);
    expect(tokensMatch(gw.token.slice(0, -1), gw.token)).toBe(false);
  });

  it('refuses /api without a token, with a wrong token, and with another scheme', async () => {
    const missing = await rawRequest(gw.url, {
      path: '/api/v1/health',
      headers: { host: `127.0.0.1:${port}` },
    });
    expect(missing.status).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(String(missing.json().message)).toContain('Authorization: Bearer');

    const wrong = await rawRequest(gw.url, {
      path: '/api/v1/servers',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain(gw.token);

    const basic = await rawRequest(gw.url, {
      path: '/api/v1/health',
      headers: { authorization: `Basic ${gw.token}` },
    });
    expect(basic.status).toBe(401);

    const client = createApiClient({ baseUrl: gw.url, token: 'x'.repeat(43), fetch: nodeFetch });
    await expect(client.call(health)).rejects.toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    await expect(client.call(health)).rejects.toBeInstanceOf(ApiError);
  });

  it('needs the token for /metrics and unknown /api paths too', async () => {
    expect((await rawRequest(gw.url, { path: '/metrics' })).status).toBe(401);
    expect((await rawRequest(gw.url, { path: '/api/v2/anything' })).status).toBe(401);
    const unknown = await rawRequest(gw.url, { path: '/api/v1/nope', headers: auth() });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a foreign Host header on every path (DNS rebinding), before auth', async () => {
    for (const p of ['/api/v1/health', '/mcp', '/ui/', '/metrics']) {
      const res = await rawRequest(gw.url, { path: p, headers: { host: `evil.example:${port}`, ...auth() } });
      expect(res.status, p).toBe(403);
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN_HOST' });
    }
    const wrongPort = await rawRequest(gw.url, {
      path: '/api/v1/health',
      headers: { host: '127.0.0.1:1', ...auth() },
    });
    expect(wrongPort.status).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const ok = await rawRequest(gw.url, { path: '/api/v1/health', headers: { host, ...auth() } });
      expect(ok.status, host).toBe(200);
    }
  });

  it('refuses foreign Origins and sends no CORS headers to them', async () => {
    const res = await rawRequest(gw.url, {
      path: '/api/v1/health',
      headers: { origin: 'https://evil.example', ...auth() },
    });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();

    const mcp = await rawRequest(gw.url, { method: 'POST', path: '/mcp', headers: { origin: 'null' } });
    expect(mcp.status).toBe(403);

    const own = await rawRequest(gw.url, {
      path: '/api/v1/health',
      headers: { origin: `http://localhost:${port}`, ...auth() },
    });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();

    const allowed = await rawRequest(gw.url, {
      path: '/api/v1/health',
      headers: { origin: 'http://app.example:5173', ...auth() },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://app.example:5173');
    const preflight = await rawRequest(gw.url, {
      method: 'OPTIONS',
      path: '/api/v1/servers',
      headers: { origin: 'http://app.example:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });

  it('refuses cross-site writes and non-JSON bodies', async () => {
    const crossSite = await rawRequest(gw.url, {
      method: 'POST',
      path: '/api/v1/servers/mem/restart',
      headers: { 'sec-fetch-site': 'cross-site', ...auth() },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.json()).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });

    const form = await rawRequest(gw.url, {
      method: 'POST',
      path: '/api/v1/servers',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth() },
      body: 'name=x&command=sh',
    });
    expect(form.status).toBe(400);
    expect(form.json()).toMatchObject({ code: 'BAD_REQUEST' });
    expect(String(form.json().message)).toContain('application/json');

    const broken = await rawRequest(gw.url, {
      method: 'POST',
      path: '/api/v1/servers',
      headers: { 'content-type': 'application/json', ...auth() },
      body: '{"name": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses a body over limits.maxBodyBytes with 413 JSON', async () => {
    const big = JSON.stringify({ name: 'big', config: { command: 'x', args: ['a'.repeat(1_100_000)] } });
    const res = await rawRequest(gw.url, {
      method: 'POST',
      path: '/api/v1/servers',
      headers: { 'content-type': 'application/json', ...auth() },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(String(res.json().message)).toContain('maxBodyBytes');
  });

  it('serves /ui without a token, with a helpful page when the dashboard is not built', async () => {
    const res = await rawRequest(gw.url, { path: '/ui/' });
    expect([200, 503]).toContain(res.status);
    if (res.status === 503) {
      expect(res.body).toContain('npm run build');
    }
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('allows non-loopback binds only with allowRemote', () => {
    expect(() => assertBindAllowed({ host: '127.0.0.1', allowRemote: false })).not.toThrow();
    expect(() => assertBindAllowed({ host: '0.0.0.0', allowRemote: false })).toThrow(/allowRemote/);
    expect(() => assertBindAllowed({ host: '0.0.0.0', allowRemote: true })).not.toThrow();
  });
});
