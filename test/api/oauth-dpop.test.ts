import { createHash, generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Logger } from '../../src-main/engine/types.js';
import { loginServer, logoutServer } from '../../src-shared/api/oauth.js';
import { callTool, exportConfig, getServer, listServers, serverLogs } from '../../src-shared/api/routes.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { type OAuthFixture, startOAuthServer } from '../fixtures/servers/oauth-server.mjs';
import { cliEnv, expectCliBuilt, runCli } from '../lib/cli.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { followLikeABrowser } from '../lib/http.js';

function storedSecrets(dataDir: string): Record<string, string> {
  const file = readdirSync(dataDir).find((f) => f.startsWith('secrets'));
  return file === undefined ? {} : (JSON.parse(readFileSync(path.join(dataDir, file), 'utf8')) as never);
}

/** The keychain entry of a server's sign-in, parsed. */
function recordOf(dataDir: string, server: string): { dpop?: { alg: string; jwk: JWK }; tokens?: object } {
  const raw = Object.entries(storedSecrets(dataDir)).find(([k]) => k.endsWith(`oauth.${server}`))?.[1];
  return raw === undefined ? {} : JSON.parse(raw);
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * DPoP-bound tokens (RFC 9449) against the fixture authorization server and MCP server, which
 * check every proof: the browser sign-in, refresh, restart, sign-out, nonces at both ends, the
 * legacy SSE transport, a machine account, `oauth.dpop: "off"`, and the key never leaving the
 * keychain.
 */
describe('DPoP-bound tokens: the gateway proves its key on every token and MCP request', () => {
  let gw: Gateway;
  const fx = {} as Record<'plain' | 'nonce' | 'sse' | 'robot' | 'stubborn' | 'off', OAuthFixture>;
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  const logged: unknown[] = [];
  const recorder: Logger = {
    debug: (msg, fields) => logged.push({ msg, fields }),
    info: (msg, fields) => logged.push({ msg, fields }),
    warn: (msg, fields) => logged.push({ msg, fields }),
    error: (msg, fields) => logged.push({ msg, fields }),
    child: () => recorder,
  };

  beforeAll(async () => {
    expectCliBuilt();
    fx.plain = await startOAuthServer({ dpop: true });
    fx.nonce = await startOAuthServer({ dpop: true, dpopNonce: 'required' });
    fx.sse = await startOAuthServer({ dpop: true, dpopNonce: 'required', sse: true });
    fx.stubborn = await startOAuthServer({ dpop: true, dpopNonce: 'always-new' });
    fx.off = await startOAuthServer({ dpop: true });
    fx.robot = await startOAuthServer({ dpop: true, dpopNonce: 'required', registration: 'none' });
    fx.robot.addClient({
      client_id: 'robot-key',
      public_key: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      redirect_uris: [],
    });
    const servers: Record<string, ServerConfig> = {
      // A query in the server URL: proofs name the URL without it (RFC 9449 §4.2).
      plain: { url: `${fx.plain.url}?tenant=a` },
      nonce: { url: fx.nonce.url },
      sse: { url: fx.sse.url, type: 'sse' },
      stubborn: { url: fx.stubborn.url },
      off: { url: fx.off.url, oauth: { dpop: 'off' } },
      robot: {
        url: fx.robot.url,
        oauth: { grant: 'client_credentials', clientId: 'robot-key', privateKey: '${secret:robot-key}' },
      },
    };
    gw = await startGateway(
      servers,
      { secrets: { allowFileFallback: true } },
      {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BROWSER: '' },
        logger: recorder,
        writeRuntimeFile: true,
      },
    );
    const store = await gw.engine.ctx.secrets?.();
    await store?.set('robot-key', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  });

  afterAll(async () => {
    await gw?.close();
    await Promise.all(Object.values(fx).map((f) => f.close()));
  });

  const state = (name: string) => gw.engine.ctx.supervisor.get(name)?.state;
  const signIn = async (name: string) => {
    const started = await gw.api.call(loginServer, { params: { name }, body: { open: false } });
    return followLikeABrowser(started.authorizationUrl ?? '');
  };
  const ready = (name: string) =>
    gw.waitFor(() => gw.engine.ctx.catalog.tools().some((t) => t.id === `${name}__echo`), `${name} tools`);
  const echo = (name: string, text: string) =>
    gw.api.call(callTool, { body: { id: `${name}__echo`, arguments: { text } } });
  const proofs = (f: OAuthFixture, at: 'token' | 'resource') =>
    f.state.log.filter((l) => l.kind === 'dpop' && l.at === at);
  const tokenRequests = (f: OAuthFixture, grant: string) =>
    f.state.log.filter((l) => l.kind === 'token' && l.params?.grant_type === grant);
  /** The bound token the fixture issued last, with the thumbprint it is bound to. */
  const lastToken = (f: OAuthFixture) => [...f.state.access.entries()].at(-1) ?? ['', { jkt: undefined }];

  it('signs in with a proof at the token endpoint and presents the token as DPoP with a proof each time', async () => {
    await gw.waitFor(() => state('plain') === 'needs-sign-in', 'plain to need sign-in');
    const page = await signIn('plain');
    expect(page.body).toContain('Signed in to plain');
    await ready('plain');
    await echo('plain', 'one');
    await echo('plain', 'two');

    const [exchange] = proofs(fx.plain, 'token');
    expect(exchange?.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect((exchange?.header?.jwk as JWK).d).toBeUndefined();
    expect(exchange?.claims).toMatchObject({ htm: 'POST', htu: `${fx.plain.issuer}/token` });
    expect(exchange?.claims?.ath).toBeUndefined();

    const [token, grant] = lastToken(fx.plain);
    expect(grant.jkt).toBe(exchange?.jkt);
    const resource = proofs(fx.plain, 'resource');
    // initialize, initialized, tools/list…, and the two calls: every one with its own proof.
    expect(resource.length).toBeGreaterThanOrEqual(4);
    for (const p of resource) {
      // POSTs, and the GET that opens the server's event stream.
      expect(p.claims).toMatchObject({ htu: fx.plain.url, ath: ath(token) });
      expect(['POST', 'GET']).toContain(p.claims?.htm);
      expect(p.jkt).toBe(grant.jkt);
    }
    expect(resource.filter((p) => p.claims?.htm === 'POST').length).toBeGreaterThanOrEqual(4);
    const jtis = [...proofs(fx.plain, 'token'), ...resource].map((p) => p.claims?.jti);
    expect(new Set(jtis).size).toBe(jtis.length);
    // The fixture takes a bound token only with the DPoP scheme: no request was refused.
    expect(fx.plain.state.log.filter((l) => l.kind === 'mcp-401' && l.token !== 'absent')).toEqual([]);

    const detail = await gw.api.call(getServer, { params: { name: 'plain' } });
    expect(detail.signIn).toMatchObject({ signedIn: true, dpop: true });
    const shown = await runCli(['servers', 'get', 'plain'], cliEnv(gw.dir, ['BROWSER']), 60_000);
    expect(shown.stdout).toMatch(/sign-in\s+signed in at .*DPoP-bound \(key in the keychain\)/);
  });

  it('keeps the private key in the keychain entry with the tokens, and nowhere else', async () => {
    const record = recordOf(gw.dataDir, 'plain');
    expect(record.dpop?.alg).toBe('ES256');
    const d = record.dpop?.jwk.d ?? '';
    expect(d.length).toBeGreaterThan(20);
    const { d: _d, ...publicJwk } = record.dpop?.jwk ?? {};
    expect(await calculateJwkThumbprint(publicJwk, 'sha256')).toBe(lastToken(fx.plain)[1].jkt);

    const secrets = [d, ...proofs(fx.plain, 'resource').map((p) => p.proof ?? ''), lastToken(fx.plain)[0]];
    const shown = [
      readFileSync(gw.configFile, 'utf8'),
      JSON.stringify(await gw.api.call(listServers)),
      JSON.stringify(await gw.api.call(getServer, { params: { name: 'plain' } })),
      JSON.stringify(await gw.api.call(exportConfig)),
      JSON.stringify(await gw.api.call(serverLogs, { params: { name: 'plain' } })),
      JSON.stringify(gw.events),
      JSON.stringify(logged),
    ];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(20);
      for (const text of shown) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('refreshes with a proof of the same key, and the key and tokens survive a restart', async () => {
    const [, before] = lastToken(fx.plain);
    fx.plain.expireAll();
    await echo('plain', 'after expiry');
    const [refresh] = tokenRequests(fx.plain, 'refresh_token');
    expect(refresh).toBeDefined();
    const refreshProof = proofs(fx.plain, 'token').at(-1);
    expect(refreshProof?.jkt).toBe(before.jkt);
    expect(lastToken(fx.plain)[1].jkt).toBe(before.jkt);

    const exchanges = tokenRequests(fx.plain, 'authorization_code').length;
    await gw.restart();
    await ready('plain');
    await echo('plain', 'after restart');
    // No new sign-in: the stored token, bound to the stored key, still works.
    expect(tokenRequests(fx.plain, 'authorization_code')).toHaveLength(exchanges);
    expect(proofs(fx.plain, 'resource').at(-1)?.jkt).toBe(before.jkt);
  });

  it('answers use_dpop_nonce from the authorization server and from the server with the nonce, once each', async () => {
    await signIn('nonce');
    await ready('nonce');
    await echo('nonce', 'with nonce');
    const [first, second] = proofs(fx.nonce, 'token');
    expect(first?.claims?.nonce).toBeUndefined();
    expect(typeof second?.claims?.nonce).toBe('string');
    expect(tokenRequests(fx.nonce, 'authorization_code')).toHaveLength(2);
    const refusals = fx.nonce.state.log.filter((l) => l.kind === 'mcp-401' && l.token === 'nonce');
    expect(refusals).toHaveLength(1);
    const resource = proofs(fx.nonce, 'resource');
    expect(resource[0]?.claims?.nonce).toBeUndefined();
    // After the one challenge, every proof carries the server's nonce.
    for (const p of resource.slice(1)) {
      expect(p.claims?.nonce).toBe(resource[1]?.claims?.nonce);
    }
  });

  it('tries a nonce once: a server that always wants a new one fails the sign-in after two token requests', async () => {
    const page = await signIn('stubborn');
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/use_dpop_nonce/);
    expect(tokenRequests(fx.stubborn, 'authorization_code')).toHaveLength(2);
    expect(state('stubborn')).toBe('needs-sign-in');
  });

  it('the legacy SSE transport: the stream and every message carry proofs (htu without the session query)', async () => {
    await signIn('sse');
    await ready('sse');
    await echo('sse', 'over sse');
    const resource = proofs(fx.sse, 'resource');
    const targets = new Set(resource.map((p) => `${p.claims?.htm} ${p.claims?.htu}`));
    expect(targets).toEqual(new Set([`GET ${fx.sse.url}`, `POST ${fx.sse.issuer}/messages`]));
    expect(fx.sse.state.log.some((l) => l.kind === 'mcp' && l.method === 'tools/call')).toBe(true);
  });

  it('a machine account (private_key_jwt) binds its token too; a nonce retry gets a new client assertion', async () => {
    await ready('robot');
    await echo('robot', 'machine');
    const requests = tokenRequests(fx.robot, 'client_credentials');
    // The fixture takes each client assertion once: the second request had a new one.
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.auth === 'private_key_jwt')).toBe(true);
    const [first, second] = proofs(fx.robot, 'token');
    expect(first?.claims?.nonce).toBeUndefined();
    expect(typeof second?.claims?.nonce).toBe('string');
    expect(lastToken(fx.robot)[1].jkt).toBe(second?.jkt);
    expect(recordOf(gw.dataDir, 'robot').dpop?.alg).toBe('ES256');
  });

  it('oauth.dpop "off": bearer tokens, no proofs, even where the authorization server offers DPoP', async () => {
    await signIn('off');
    await ready('off');
    await echo('off', 'bearer');
    expect(fx.off.state.log.filter((l) => l.kind === 'dpop')).toEqual([]);
    expect(lastToken(fx.off)[1].jkt).toBeUndefined();
    expect(recordOf(gw.dataDir, 'off').dpop).toBeUndefined();
    const detail = await gw.api.call(getServer, { params: { name: 'off' } });
    expect(detail.signIn?.signedIn).toBe(true);
    expect(detail.signIn?.dpop).toBeUndefined();
  });

  it('sign-out forgets the key with the tokens; the next sign-in makes a new key', async () => {
    const before = lastToken(fx.plain)[1].jkt;
    await gw.api.call(logoutServer, { params: { name: 'plain' } });
    await gw.waitFor(() => state('plain') === 'needs-sign-in', 'plain to need sign-in after logout');
    const record = recordOf(gw.dataDir, 'plain');
    expect(record.tokens).toBeUndefined();
    expect(record.dpop).toBeUndefined();
    await signIn('plain');
    await ready('plain');
    await echo('plain', 'again');
    expect(lastToken(fx.plain)[1].jkt).not.toBe(before);
  });
});
