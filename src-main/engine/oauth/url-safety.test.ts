import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addressScope, allowedScopeFor, assertOAuthUrl, createGuardedFetch } from './url-safety.js';

describe('OAuth URL rules', () => {
  it('knows loopback, private and public addresses', () => {
    expect(addressScope('127.0.0.1')).toBe('loopback');
    expect(addressScope('::1')).toBe('loopback');
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(addressScope(ip), ip).toBe('private');
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '2606:4700::1111']) {
      expect(addressScope(ip), ip).toBe('public');
    }
    expect(addressScope('example.com')).toBeUndefined();
  });

  it('lets a server reach only its own kind of network', () => {
    expect(allowedScopeFor(new URL('https://mcp.example.com/mcp'))).toBe('public');
    expect(allowedScopeFor(new URL('http://localhost:3000/mcp'))).toBe('loopback');
    expect(allowedScopeFor(new URL('http://10.0.0.5/mcp'))).toBe('private');
  });

  it('refuses other schemes, plain http off loopback, credentials and inner networks', () => {
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'vbscript:x',
      'ftp://x.example/',
    ]) {
      expect(() => assertOAuthUrl(bad, 'loopback'), bad).toThrow(/only https/);
    }
    expect(() => assertOAuthUrl('http://auth.example.com/authorize', 'public')).toThrow(/plain http/);
    expect(() => assertOAuthUrl('https://u:p@auth.example.com/', 'public')).toThrow(/credentials/);
    expect(() => assertOAuthUrl('https://169.254.169.254/latest', 'public')).toThrow(/private address/);
    expect(() => assertOAuthUrl('https://10.0.0.1/token', 'public')).toThrow(/private address/);
    expect(() => assertOAuthUrl('http://127.0.0.1:8080/token', 'public')).toThrow(/loopback address/);
    expect(assertOAuthUrl('https://auth.example.com/authorize', 'public').href).toBe(
      'https://auth.example.com/authorize',
    );
    expect(assertOAuthUrl('http://127.0.0.1:9/x', 'loopback').port).toBe('9');
  });

  it('checks what a name resolves to', async () => {
    const guarded = createGuardedFetch({ allowed: 'public', resolve: async () => ['10.0.0.7'] });
    await expect(
      guarded('https://rebind.example.com/.well-known/oauth-authorization-server'),
    ).rejects.toThrow(/resolves to 10\.0\.0\.7, a private address/);
  });
});

describe('the guarded fetch follows redirects hop by hop', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/to-metadata') {
        res.writeHead(302, { location: '/ok' }).end();
      } else if (req.url === '/to-file') {
        res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      } else if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('follows a checked redirect, refuses a bad hop and a loop', async () => {
    const guarded = createGuardedFetch({ allowed: 'loopback' });
    expect(await (await guarded(`${base}/to-metadata`)).json()).toEqual({ ok: true });
    await expect(guarded(`${base}/to-file`)).rejects.toThrow(/only https/);
    await expect(guarded(`${base}/loop`)).rejects.toThrow(/more than 5 redirects/);
    // A public server may not be sent to this machine.
    await expect(createGuardedFetch({ allowed: 'public' })(`${base}/ok`)).rejects.toThrow(/loopback address/);
  });
});
