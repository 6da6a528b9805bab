import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import express from 'express';
import { describe, expect, it } from 'vitest';

import { createSseHub } from '../../src-main/engine/api/sse.js';
import { uiRouter } from '../../src-main/engine/api/ui.js';
import { systemClock } from '../../src-main/engine/events.js';
import { createHostOriginGuard } from '../../src-main/engine/security/host-origin.js';
import { createSseParser } from '../../src-shared/api/client.js';
import { buildPath, openApiPath } from '../../src-shared/api/contract.js';
import { isSecretReference, redactConfig } from '../../src-shared/redact.js';

describe('contract helpers', () => {
  it('builds and converts paths', () => {
    expect(buildPath('/tools/:server/:tool/enable', { server: 'a b', tool: 'x/y' })).toBe(
      '/tools/a%20b/x%2Fy/enable',
    );
    expect(() => buildPath('/servers/:name', {})).toThrow(/missing path parameter "name"/);
    expect(openApiPath('/servers/:name/logs')).toBe('/servers/{name}/logs');
  });

  it('parses SSE across chunk boundaries and skips comments', () => {
    const got: { id: string | undefined; event: string; data: string }[] = [];
    const p = createSseParser((e) => got.push(e));
    p.push(': connected\n\nevent: log\nid: 4\nda');
    p.push('ta: {"a":1}\n\n: keep-alive\n\r\ndata: x\r\ndata: y\r\n\r\n');
    expect(got).toEqual([
      { id: '4', event: 'log', data: '{"a":1}' },
      { id: '4', event: 'message', data: 'x\ny' },
    ]);
  });
});

describe('secret redaction', () => {
  it('masks values but shows pure references', () => {
    expect(isSecretReference('${GITHUB_TOKEN}')).toBe(true);
    expect(isSecretReference('${secret:github}')).toBe(true);
    expect(isSecretReference('Bearer ${secret:api}')).toBe(true);
    expect(isSecretReference('sk-${X}')).toBe(false);
    expect(isSecretReference('plain')).toBe(false);
    const out = redactConfig({
      gateway: {},
      mcpServers: {
        a: { command: 'x', env: { A: 'v', B: '${B}', C: '' }, headers: { Authorization: 'Bearer abc' } },
      },
    });
    expect(out.mcpServers).toEqual({
      a: {
        command: 'x',
        env: { A: '[redacted]', B: '${B}', C: '' },
        headers: { Authorization: '[redacted]' },
      },
    });
  });
});

describe('Host/Origin guard options', () => {
  it('accepts the configured host when remote binding is allowed', () => {
    const guard = createHostOriginGuard({ host: '192.168.1.5', port: 7411, allowRemote: true });
    expect(guard.checkOrigin('http://192.168.1.5:7411')).toMatchObject({ allowed: true, own: true });
    expect(guard.checkOrigin('http://192.168.1.6:7411').allowed).toBe(false);
    expect(
      createHostOriginGuard({ host: '10.0.0.2', port: 7411 }).checkOrigin('http://10.0.0.2:7411').own,
    ).toBe(true);
    expect(
      createHostOriginGuard({ host: '10.0.0.2', port: 7411, allowRemote: false }).checkOrigin(
        'http://10.0.0.2:7411',
      ).own,
    ).toBe(false);
    const local = createHostOriginGuard({
      host: '127.0.0.1',
      port: () => 1234,
      allowedOrigins: () => ['app://x'],
    });
    expect(local.checkOrigin('http://[::1]:1234').own).toBe(true);
    expect(local.checkOrigin('app://x')).toMatchObject({ allowed: true, extra: true });
    expect(local.checkOrigin(undefined).allowed).toBe(true);
    expect(local.checkOrigin('http://localhost:1235').allowed).toBe(false);
  });
});

describe('SSE hub', () => {
  it('sends keep-alive comments and closes every stream on shutdown', async () => {
    const hub = createSseHub({ clock: systemClock, maxStreams: () => 5, keepAliveMs: 20 });
    const app = express();
    app.get('/s', (req, res) => {
      const s = hub.open(req, res);
      s.send('hello', { n: 1 }, 1);
    });
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/s' }, (res) => {
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            buf += c;
            if (buf.includes(': keep-alive')) {
              hub.closeAll();
            }
          });
          res.on('end', () => resolve(buf));
        })
        .on('error', reject);
    });
    expect(text).toContain('event: hello\nid: 1\ndata: {"n":1}\n\n');
    expect(text).toContain(': keep-alive\n\n');
    expect(hub.size).toBe(0);
    await new Promise<void>((r) => server.close(() => r()));
  });
});

describe('/ui static files', () => {
  async function serve(dir: string) {
    const app = express();
    app.use('/ui', uiRouter(dir));
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it('serves the bundle with an SPA fallback to index.html, and 404 for missing assets', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-ui-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    const s = await serve(dir);
    try {
      expect(await (await fetch(`${s.base}/ui/`)).text()).toContain('<title>app</title>');
      const bare = await fetch(`${s.base}/ui`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('/ui/');
      expect(await (await fetch(`${s.base}/ui/servers/memory`)).text()).toContain('<title>app</title>');
      expect(await (await fetch(`${s.base}/ui/assets/app.js`)).text()).toBe('console.log(1)');
      expect((await fetch(`${s.base}/ui/assets/missing.js`)).status).toBe(404);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says to run npm run build when the bundle is missing', async () => {
    const s = await serve(path.join(os.tmpdir(), 'mcpgw-ui-does-not-exist'));
    try {
      const res = await fetch(`${s.base}/ui/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await s.close();
    }
  });
});
