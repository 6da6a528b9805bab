import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loginServer, logoutServer } from '../../src-shared/api/oauth.js';
import { callTool, exportConfig, getServer, listServers, serverLogs } from '../../src-shared/api/routes.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { type OAuthFixture, startOAuthServer } from '../fixtures/servers/oauth-server.mjs';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { followLikeABrowser, rawRequest } from '../lib/http.js';

function secretsFileText(dataDir: string): string {
  const file = readdirSync(dataDir).find((f) => f.startsWith('secrets'));
  return file === undefined ? '' : readFileSync(path.join(dataDir, file), 'utf8');
}

/** The sign-in page of a browser sign-in (a machine account has none). */
function pageOf(started: { authorizationUrl?: string }): string {
  if (started.authorizationUrl === undefined) {
    throw new Error('the sign-in returned no page to open');
  }
  return started.authorizationUrl;
}

describe('remote servers that need sign-in (OAuth, gateway as the client)', () => {
  let gw: Gateway;
  const fx = {} as Record<'main' | 'short' | 'iss' | 'nopkce' | 'refuse' | 'nometa' | 'prereg', OAuthFixture>;

  beforeAll(async () => {
    fx.main = await startOAuthServer();
    fx.short = await startOAuthServer({ tokenTtlSec: 30 });
    fx.iss = await startOAuthServer({ wrongIss: true });
    fx.nopkce = await startOAuthServer({ noPkce: true });
    fx.refuse = await startOAuthServer({ registration: 'refuse' });
    fx.nometa = await startOAuthServer({ noMetadata: true });
    fx.prereg = await startOAuthServer({ registration: 'none' });
    fx.prereg.addClient({
      client_id: 'hand-made',
      client_secret: 'hand-made-secret',
      redirect_uris: [],
      client_name: 'by hand',
    });
    const servers: Record<string, ServerConfig> = Object.fromEntries(
      Object.entries(fx).map(([name, f]) => [name, { url: f.url }]),
    );
    servers.prereg = {
      url: fx.prereg.url,
      oauth: { clientId: 'hand-made', clientSecret: '${secret:prereg-secret}' },
    };
    gw = await startGateway(
      servers,
      { secrets: { allowFileFallback: true } },
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BROWSER: '' } },
    );
    // The redirect URI includes the gateway's port, known only now.
    const redirect = `${gw.url}/oauth/callback`;
    (fx.prereg.state.clients.get('hand-made') as { redirect_uris: string[] }).redirect_uris.push(redirect);
    const store = await gw.engine.ctx.secrets?.();
    await store?.set('prereg-secret', 'hand-made-secret');
  });

  afterAll(async () => {
    await gw?.close();
    await Promise.all(Object.values(fx).map((f) => f.close()));
  });

  const state = (name: string) => gw.engine.ctx.supervisor.get(name)?.state;

  const signIn = async (name: string) => {
    const started = await gw.api.call(loginServer, { params: { name }, body: { open: false } });
    const page = await followLikeABrowser(pageOf(started));
    return { started, page };
  };

  it('a 401 with WWW-Authenticate puts the server in needs-sign-in, with the reason, not in error', async () => {
    // `prereg` waits for its client secret (stored after start), so it is in error until then.
    const remote = Object.keys(fx).filter((n) => n !== 'prereg');
    await gw.waitFor(() => remote.every((n) => state(n) === 'needs-sign-in'), 'every server to need sign-in');
    const { servers } = await gw.api.call(listServers);
    const main = servers.find((s) => s.name === 'main');
    expect(main?.state).toBe('needs-sign-in');
    expect(main?.reason).toMatch(/needs you to sign in.*HTTP 401.*mcp-gateway servers login main/);
    expect(main?.signIn).toMatchObject({ signedIn: false, pending: false });
    expect(main?.restarts).toBe(0);
  });

  it('signs in: PRM and AS discovery, DCR, PKCE S256, resource and state; the server then runs', async () => {
    const { started, page } = await signIn('main');
    const auth = new URL(pageOf(started));
    expect(auth.origin).toBe(fx.main.issuer);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('resource')).toBe(fx.main.url);
    expect(auth.searchParams.get('state')?.length).toBeGreaterThanOrEqual(40);
    // The challenge's scope is asked for.
    expect(auth.searchParams.get('scope')).toContain('mcp:read');
    expect(auth.searchParams.get('redirect_uri')).toBe(`${gw.url}/oauth/callback`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Signed in to main');

    await gw.waitFor(() => gw.engine.ctx.catalog.tools().some((t) => t.id === 'main__echo'), 'main tools');
    expect(state('main')).toBe('running');
    const out = await gw.api.call(callTool, { body: { id: 'main__echo', arguments: { text: 'hello' } } });
    expect(JSON.stringify(out)).toContain('hello');

    const registered = fx.main.state.log.filter((l) => l.kind === 'register');
    expect(registered).toHaveLength(1);
    expect(registered[0]?.body).toMatchObject({
      redirect_uris: [`${gw.url}/oauth/callback`],
      client_name: 'MCP Gateway',
    });
    const exchange = fx.main.state.log.find(
      (l) => l.kind === 'token' && l.params?.grant_type === 'authorization_code',
    );
    expect(exchange?.params?.resource).toBe(fx.main.url);
    expect(exchange?.params?.code_verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);

    const detail = await gw.api.call(getServer, { params: { name: 'main' } });
    expect(detail.signIn).toMatchObject({ signedIn: true, pending: false, issuer: fx.main.issuer });
    expect(detail.signIn?.expiresAt).toBeGreaterThan(Date.now());
  });

  it('keeps tokens only in the secret store: never in the config, API answers, exports or logs', async () => {
    const tokens = [...fx.main.state.access.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    const stored = secretsFileText(gw.dataDir);
    expect(stored).toContain('oauth.main');
    expect(tokens.some((t) => stored.includes(t))).toBe(true);

    const config = readFileSync(gw.configFile, 'utf8');
    const answers = [
      JSON.stringify(await gw.api.call(listServers)),
      JSON.stringify(await gw.api.call(getServer, { params: { name: 'main' } })),
      JSON.stringify(await gw.api.call(exportConfig)),
      JSON.stringify(await gw.api.call(serverLogs, { params: { name: 'main' } })),
      JSON.stringify(gw.events),
    ];
    for (const token of tokens) {
      expect(config).not.toContain(token);
      for (const a of answers) {
        expect(a).not.toContain(token);
      }
    }
  });

  it('refreshes on a 401 and retries the request once, staying running', async () => {
    const before = fx.main.state.log.length;
    fx.main.expireAll();
    const out = await gw.api.call(callTool, {
      body: { id: 'main__echo', arguments: { text: 'after expiry' } },
    });
    expect(JSON.stringify(out)).toContain('after expiry');
    const since = fx.main.state.log.slice(before);
    const kinds = since.map((l) => (l.kind === 'token' ? `token:${l.params?.grant_type}` : l.kind));
    expect(kinds).toContain('mcp-401');
    expect(kinds.indexOf('token:refresh_token')).toBeGreaterThan(kinds.indexOf('mcp-401'));
    const refresh = since.find((l) => l.kind === 'token' && l.params?.grant_type === 'refresh_token');
    expect(refresh?.params?.resource).toBe(fx.main.url);
    expect(state('main')).toBe('running');
  });

  it('refreshes before expiry, without a 401 first', async () => {
    await signIn('short');
    await gw.waitFor(() => gw.engine.ctx.catalog.tools().some((t) => t.id === 'short__echo'), 'short tools');
    const before = fx.short.state.log.length;
    // Tokens live 30 s, less than the refresh margin: the next request refreshes first.
    const out = await gw.api.call(callTool, { body: { id: 'short__echo', arguments: { text: 'fresh' } } });
    expect(JSON.stringify(out)).toContain('fresh');
    const since = fx.short.state.log.slice(before);
    expect(since.some((l) => l.kind === 'token' && l.params?.grant_type === 'refresh_token')).toBe(true);
    expect(since.some((l) => l.kind === 'mcp-401')).toBe(false);
  });

  it('a refused refresh puts the server back in needs-sign-in, with the reason', async () => {
    fx.short.state.failRefresh = true;
    fx.short.expireAll();
    await expect(
      gw.api.call(callTool, { body: { id: 'short__echo', arguments: { text: 'x' } } }),
    ).rejects.toThrow();
    await gw.waitFor(() => state('short') === 'needs-sign-in', 'short needs sign-in');
    const s = gw.engine.ctx.supervisor.get('short');
    expect(s?.reason).toMatch(/refresh refused.*invalid_grant/);
    const detail = await gw.api.call(getServer, { params: { name: 'short' } });
    expect(detail.signIn?.signedIn).toBe(false);
  });

  it('steps up on 403 insufficient_scope: needs sign-in again, then the wider scope is asked for', async () => {
    await expect(gw.api.call(callTool, { body: { id: 'main__admin', arguments: {} } })).rejects.toThrow();
    await gw.waitFor(() => state('main') === 'needs-sign-in', 'main needs sign-in for more scope');
    expect(gw.engine.ctx.supervisor.get('main')?.reason).toMatch(/more permissions/);
    const { started } = await signIn('main');
    expect(new URL(pageOf(started)).searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['mcp:read', 'mcp:admin']),
    );
    await gw.waitFor(() => gw.engine.ctx.catalog.tools().some((t) => t.id === 'main__admin'), 'main back');
    const out = await gw.api.call(callTool, { body: { id: 'main__admin', arguments: {} } });
    expect(JSON.stringify(out)).toContain('admin ok');
  });

  it('signs out: revokes (RFC 7009), forgets the tokens, and asks for sign-in again', async () => {
    await gw.waitFor(() => state('main') === 'running', 'main running');
    const out = await gw.api.call(logoutServer, { params: { name: 'main' } });
    expect(out.revoked).toBe(true);
    expect(fx.main.state.revoked).toEqual(expect.arrayContaining(['refresh_token', 'access_token']));
    await gw.waitFor(() => state('main') === 'needs-sign-in', 'main needs sign-in after logout');
    const detail = await gw.api.call(getServer, { params: { name: 'main' } });
    expect(detail.signIn?.signedIn).toBe(false);
    const stored = JSON.parse(secretsFileText(gw.dataDir)) as Record<string, string>;
    const record = JSON.parse(Object.entries(stored).find(([k]) => k.includes('oauth.main'))?.[1] ?? '{}');
    expect(record.tokens).toBeUndefined();
    // The registration is kept for the next sign-in.
    expect(record.client?.client_id).toMatch(/^client-/);
  });

  it('refuses a callback whose state is unknown, and a callback used twice', async () => {
    const bogus = await rawRequest(gw.url, { path: '/oauth/callback?state=forged&code=abc' });
    expect(bogus.status).toBe(400);
    expect(bogus.body).toContain('state mismatch');

    const started = await gw.api.call(loginServer, { params: { name: 'main' }, body: { open: false } });
    // The user has not finished yet: the sign-in is pending and can be opened again.
    expect((await gw.api.call(getServer, { params: { name: 'main' } })).signIn).toMatchObject({
      pending: true,
      authorizationUrl: started.authorizationUrl,
    });
    const auth = await fetch(pageOf(started), { redirect: 'manual' });
    const callback = auth.headers.get('location') ?? '';
    const first = await fetch(callback);
    expect(first.status).toBe(200);
    const again = await fetch(callback);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('state mismatch');
  });

  it('a browser closed before finishing leaves the sign-in pending; a new sign-in replaces it', async () => {
    await gw.api.call(logoutServer, { params: { name: 'main' } });
    const first = await gw.api.call(loginServer, { params: { name: 'main' }, body: { open: false } });
    // Nobody follows `first` (the browser was closed); the user presses Sign in again.
    const second = await gw.api.call(loginServer, { params: { name: 'main' }, body: { open: false } });
    expect(second.authorizationUrl).not.toBe(first.authorizationUrl);
    const stale = await followLikeABrowser(pageOf(first));
    expect(stale.status).toBe(400);
    const page = await followLikeABrowser(pageOf(second));
    expect(page.body).toContain('Signed in to main');
    await gw.waitFor(() => state('main') === 'running', 'main running again');
  });

  it('refuses an answer from the wrong issuer (RFC 9207) and says so', async () => {
    const { page } = await signIn('iss');
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/wrong issuer/);
    expect(state('iss')).toBe('needs-sign-in');
    const detail = await gw.api.call(getServer, { params: { name: 'iss' } });
    expect(detail.signIn?.lastError).toMatch(/wrong issuer.*evil\.example/);
    expect(fx.iss.state.log.some((l) => l.kind === 'token')).toBe(false);
  });

  it('refuses an authorization server that does not advertise PKCE', async () => {
    await expect(
      gw.api.call(loginServer, { params: { name: 'nopkce' }, body: { open: false } }),
    ).rejects.toThrow(/code_challenge_methods_supported is missing/);
  });

  it('says so when registration is refused, and what to do instead', async () => {
    await expect(
      gw.api.call(loginServer, { params: { name: 'refuse' }, body: { open: false } }),
    ).rejects.toThrow(/registration refused.*oauth\.clientId/);
  });

  it('says so when there is no metadata at all', async () => {
    await expect(
      gw.api.call(loginServer, { params: { name: 'nometa' }, body: { open: false } }),
    ).rejects.toThrow(/no metadata/);
  });

  it('uses pre-registered credentials from the config, the secret from the keychain', async () => {
    const { page } = await signIn('prereg');
    expect(page.body).toContain('Signed in to prereg');
    await gw.waitFor(
      () => gw.engine.ctx.catalog.tools().some((t) => t.id === 'prereg__echo'),
      'prereg tools',
    );
    expect(fx.prereg.state.log.some((l) => l.kind === 'register')).toBe(false);
    const exchange = fx.prereg.state.log.find((l) => l.kind === 'token');
    expect(exchange?.params?.resource).toBe(fx.prereg.url);
    const view = JSON.stringify(await gw.api.call(getServer, { params: { name: 'prereg' } }));
    expect(view).not.toContain('hand-made-secret');
    expect(view).toContain('${secret:prereg-secret}');
  });
});
