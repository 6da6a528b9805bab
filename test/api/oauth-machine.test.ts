import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Logger } from '../../src-main/engine/types.js';
import { loginServer, logoutServer } from '../../src-shared/api/oauth.js';
import { callTool, exportConfig, getServer, restartServer, serverLogs } from '../../src-shared/api/routes.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { type OAuthFixture, startOAuthServer } from '../fixtures/servers/oauth-server.mjs';
import { type Gateway, startGateway } from '../lib/gateway.js';

const ROBOT_SECRET = 'robot-secret-value-4242';
/** Characters that Basic authentication must form-urlencode (RFC 6749 §2.3.1). */
const ODD_ID = 'svc:robot+1';
const ODD_SECRET = 'p:a%41ss+w rd';

/** A JWT (RS256) as a platform issues one to a workload. */
function workloadJwt(key: KeyObject, claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${head}.${sign('sha256', Buffer.from(head), key).toString('base64url')}`;
}

function secretsFileText(dataDir: string): string {
  const file = readdirSync(dataDir).find((f) => f.startsWith('secrets'));
  return file === undefined ? '' : readFileSync(path.join(dataDir, file), 'utf8');
}

/**
 * Machine accounts (`oauth.grant: client_credentials`): a remote server used by a machine
 * account signs in without a browser, with client_secret_basic or private_key_jwt, against the
 * real fixture authorization server; the secret and key only in the keychain.
 */
describe('remote servers used by a machine account (OAuth client_credentials)', () => {
  let gw: Gateway;
  const fx = {} as Record<
    'basic' | 'jwt' | 'wrong' | 'workload' | 'moving' | 'elsewhere' | 'pinned' | 'odd' | 'slow' | 'renewing',
    OAuthFixture
  >;
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const tokenDir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-workload-'));
  const tokenFile = path.join(tokenDir, 'token');
  const missingFile = path.join(tokenDir, 'not-written-yet-7f3a');

  /** What the gateway logged (messages and fields), to see a token fetch end. */
  const logged: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
  const recorder: Logger = {
    debug: () => undefined,
    info: (msg, fields) => logged.push({ msg, ...(fields ? { fields } : {}) }),
    warn: (msg, fields) => logged.push({ msg, ...(fields ? { fields } : {}) }),
    error: () => undefined,
    child: () => recorder,
  };

  beforeAll(async () => {
    fx.basic = await startOAuthServer({ registration: 'none' });
    fx.basic.addClient({ client_id: 'robot', client_secret: ROBOT_SECRET, redirect_uris: [] });
    fx.jwt = await startOAuthServer({ registration: 'none' });
    fx.jwt.addClient({
      client_id: 'robot-key',
      public_key: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      redirect_uris: [],
    });
    fx.workload = await startOAuthServer({ registration: 'none' });
    fx.workload.addClient({ client_id: 'ci-workload', redirect_uris: [] });
    fx.workload.trustIssuer(
      'https://platform.example',
      platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    const claims = (n: number) => ({
      iss: 'https://platform.example',
      sub: 'workload-7',
      aud: fx.workload.issuer,
      exp: Math.floor(Date.now() / 1000) + 600,
      jti: `w${n}`,
    });
    writeFileSync(tokenFile, workloadJwt(platform.privateKey, claims(1)));
    fx.wrong = await startOAuthServer({ registration: 'none' });
    fx.wrong.addClient({ client_id: 'robot', client_secret: 'another-secret', redirect_uris: [] });
    // A server whose metadata later names another authorization server, one that would take
    // the same credentials; and one whose authorization server is not the configured issuer.
    for (const name of ['moving', 'elsewhere', 'pinned', 'slow'] as const) {
      fx[name] = await startOAuthServer({ registration: 'none' });
      fx[name].addClient({ client_id: 'robot', client_secret: ROBOT_SECRET, redirect_uris: [] });
    }
    // Tokens that live 30 s, less than the renewal margin: every request gets a new one.
    fx.renewing = await startOAuthServer({ registration: 'none', tokenTtlSec: 30 });
    fx.renewing.addClient({ client_id: 'robot', client_secret: ROBOT_SECRET, redirect_uris: [] });
    // Only client_secret_post in its metadata: the gateway still uses the configured method.
    fx.odd = await startOAuthServer({ registration: 'none', authMethods: ['client_secret_post'] });
    fx.odd.addClient({ client_id: ODD_ID, client_secret: ODD_SECRET, redirect_uris: [] });
    const robot = {
      grant: 'client_credentials',
      clientId: 'robot',
      clientSecret: '${secret:robot}',
    } as const;
    const servers: Record<string, ServerConfig> = {
      moving: { url: fx.moving.url, oauth: robot },
      slow: { url: fx.slow.url, oauth: robot },
      renewing: { url: fx.renewing.url, oauth: { ...robot, issuer: fx.renewing.issuer } },
      pinned: { url: fx.pinned.url, oauth: { ...robot, issuer: 'https://login.example.com' } },
      basic: {
        url: fx.basic.url,
        oauth: { grant: 'client_credentials', clientId: 'robot', clientSecret: '${secret:robot}' },
      },
      jwt: {
        url: fx.jwt.url,
        oauth: { grant: 'client_credentials', clientId: 'robot-key', privateKey: '${secret:robot-key}' },
      },
      workload: {
        url: fx.workload.url,
        oauth: { grant: 'jwt_bearer', clientId: 'ci-workload', assertionFile: tokenFile },
      },
      odd: {
        url: fx.odd.url,
        oauth: { grant: 'client_credentials', clientId: ODD_ID, clientSecret: '${secret:odd}' },
      },
      nofile: {
        url: fx.workload.url,
        oauth: { grant: 'jwt_bearer', clientId: 'ci-workload', assertionFile: missingFile },
      },
      wrong: {
        url: fx.wrong.url,
        oauth: { grant: 'client_credentials', clientId: 'robot', clientSecret: '${secret:robot}' },
      },
    };
    gw = await startGateway(
      servers,
      { secrets: { allowFileFallback: true } },
      {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BROWSER: '' },
        logger: recorder,
      },
    );
    const store = await gw.engine.ctx.secrets?.();
    await store?.set('robot', ROBOT_SECRET);
    await store?.set('robot-key', pem);
    await store?.set('odd', ODD_SECRET);
    // They started before their secrets existed: start them again, as after `secrets set`.
    for (const name of Object.keys(servers)) {
      await gw.api.call(restartServer, { params: { name } }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    rmSync(tokenDir, { recursive: true, force: true });
    await gw?.close();
    await Promise.all(Object.values(fx).map((f) => f.close()));
  });

  const state = (name: string) => gw.engine.ctx.supervisor.get(name)?.state;
  /** A tool call once the server's tools are listed (they land a moment after `running`). */
  const call = async (id: string, text: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await gw.api.call(callTool, { body: { id, arguments: { text } } });
      } catch (err) {
        if (attempt >= 50 || !/Unknown tool/.test(String(err))) {
          throw err;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const tokenRequests = (f: OAuthFixture) =>
    f.state.log.filter((e: { kind: string }) => e.kind === 'token') as Array<{
      params: Record<string, string>;
      auth: string;
    }>;

  it('client_secret_basic: runs without a browser, the token bound to the server (resource)', async () => {
    await gw.waitFor(() => state('basic') === 'running', 'basic to run');
    const [first] = tokenRequests(fx.basic);
    expect(first?.params).toMatchObject({ grant_type: 'client_credentials', resource: fx.basic.url });
    expect(first?.auth).toBe('client_secret_basic');
    const out = await call('basic__echo', 'hi');
    expect(JSON.stringify(out)).toContain('hi');
    const s = await gw.api.call(getServer, { params: { name: 'basic' } });
    expect(s.signIn).toMatchObject({ grant: 'client_credentials', signedIn: true, pending: false });
    expect(s.signIn?.authorizationUrl).toBeUndefined();
  });

  it('client_secret_basic as configured, id and secret form-urlencoded (with : % + and a space)', async () => {
    await gw.waitFor(() => state('odd') === 'running', 'odd to run');
    const [first] = tokenRequests(fx.odd);
    expect(first?.auth).toBe('client_secret_basic');
    expect(first?.params.client_id).toBeUndefined();
    const out = await call('odd__echo', 'odd');
    expect(JSON.stringify(out)).toContain('odd');
  });

  it('private_key_jwt: a signed client assertion (ES256 from the key), no secret sent', async () => {
    await gw.waitFor(() => state('jwt') === 'running', 'jwt to run');
    const [first] = tokenRequests(fx.jwt);
    expect(first?.auth).toBe('private_key_jwt');
    expect(first?.params).toMatchObject({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      resource: fx.jwt.url,
    });
    const out = await call('jwt__echo', 'signed');
    expect(JSON.stringify(out)).toContain('signed');
  });

  it('workload identity: the JWT bearer grant with the platform token from its file, read afresh', async () => {
    await gw.waitFor(() => state('workload') === 'running', 'workload to run');
    const [first] = tokenRequests(fx.workload);
    expect(first?.params).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: 'ci-workload',
      resource: fx.workload.url,
    });
    expect(first?.params.assertion).toMatch(/^ey/);
    // The platform rotates the token; the next grant sends the new one.
    const rotated = workloadJwt(platform.privateKey, {
      iss: 'https://platform.example',
      sub: 'workload-7',
      aud: fx.workload.issuer,
      exp: Math.floor(Date.now() / 1000) + 600,
      jti: 'w2',
    });
    writeFileSync(tokenFile, rotated);
    fx.workload.expireAll();
    const out = await call('workload__echo', 'ci');
    expect(JSON.stringify(out)).toContain('ci');
    expect(tokenRequests(fx.workload).at(-1)?.params.assertion).toBe(rotated);
    const s = await gw.api.call(getServer, { params: { name: 'workload' } });
    expect(s.signIn).toMatchObject({ grant: 'jwt_bearer', signedIn: true });
  });

  it('a refused token (expired early) gets a new one by itself; the call goes through', async () => {
    const before = tokenRequests(fx.basic).length;
    fx.basic.expireAll();
    const out = await call('basic__echo', 'again');
    expect(JSON.stringify(out)).toContain('again');
    expect(tokenRequests(fx.basic).length).toBe(before + 1);
    expect(state('basic')).toBe('running');
  });

  it('wrong credentials: an error that names the machine account and what to check, never the secret', async () => {
    await gw.waitFor(
      () => gw.engine.ctx.supervisor.get('wrong')?.lastError?.includes('machine account') === true,
      'wrong to fail with a reason',
    );
    const s = await gw.api.call(getServer, { params: { name: 'wrong' } });
    // Failed and retried with backoff (the secret may be fixed meanwhile); never asks a person.
    expect(['running', 'needs-sign-in']).not.toContain(s.state);
    expect(s.lastError).toMatch(/machine account 'robot' could not get a token.*invalid_client/);
    expect(s.lastError).toMatch(/mcpServers\.wrong\.oauth/);
    expect(JSON.stringify(s)).not.toContain(ROBOT_SECRET);
  });

  it('an unreadable assertionFile: an error that names the field, never the path', async () => {
    await gw.waitFor(
      () => gw.engine.ctx.supervisor.get('nofile')?.lastError?.includes('assertionFile') === true,
      'nofile to fail with a reason',
    );
    const s = await gw.api.call(getServer, { params: { name: 'nofile' } });
    expect(s.lastError).toMatch(/mcpServers\.nofile\.oauth\.assertionFile \(it does not exist\)/);
    const { config: _configured, ...status } = s;
    const shown = JSON.stringify([status, await gw.api.call(serverLogs, { params: { name: 'nofile' } })]);
    expect(shown).not.toContain('not-written-yet-7f3a');
  });

  it('the authorization server is pinned after the first token: a switch to another is refused', async () => {
    await gw.waitFor(() => state('moving') === 'running', 'moving to run');
    expect(tokenRequests(fx.moving).length).toBeGreaterThan(0);
    fx.moving.pointTo(fx.elsewhere.issuer);
    fx.moving.expireAll();
    // The refused token asks for a new one; the server now names the other authorization server.
    const failed = String(await call('moving__echo', 'x').catch((e: unknown) => e));
    expect(failed).toMatch(/now points the gateway to the authorization server/);
    const s = await gw.api.call(getServer, { params: { name: 'moving' } });
    const reason = s.signIn?.lastError ?? '';
    expect(reason).toContain(fx.elsewhere.issuer);
    expect(reason).toContain(fx.moving.issuer);
    expect(reason).toMatch(/sign out and sign in again.*oauth\.issuer/);
    // Nothing reached the other authorization server's token endpoint: no secret, no assertion.
    expect(tokenRequests(fx.elsewhere)).toEqual([]);
    // Accepting the move is explicit: sign out, then sign in again.
    await gw.api.call(logoutServer, { params: { name: 'moving' } });
    await gw.api.call(loginServer, { params: { name: 'moving' }, body: { open: false } });
    expect(tokenRequests(fx.elsewhere).length).toBe(1);
  });

  it('oauth.issuer that matches: tokens as usual, each new one without discovering again', async () => {
    await gw.waitFor(() => state('renewing') === 'running', 'renewing to run');
    const kinds = () => fx.renewing.state.log.map((e: { kind: string }) => e.kind);
    const discovered = kinds().filter((k) => k === 'metadata').length;
    const tokens = tokenRequests(fx.renewing).length;
    expect(discovered).toBeGreaterThan(0);
    expect(JSON.stringify(await call('renewing__echo', 'one'))).toContain('one');
    expect(JSON.stringify(await call('renewing__echo', 'two'))).toContain('two');
    expect(tokenRequests(fx.renewing).length).toBeGreaterThan(tokens);
    expect(kinds().filter((k) => k === 'metadata').length).toBe(discovered);
  });

  it('oauth.issuer: an authorization server with another issuer gets nothing', async () => {
    await gw.waitFor(
      () => gw.engine.ctx.supervisor.get('pinned')?.lastError?.includes('oauth.issuer is') === true,
      'pinned to fail with a reason',
    );
    const s = await gw.api.call(getServer, { params: { name: 'pinned' } });
    expect(s.lastError).toContain(fx.pinned.issuer);
    expect(s.lastError).toContain('https://login.example.com');
    expect(tokenRequests(fx.pinned)).toEqual([]);
    expect(JSON.stringify(s)).not.toContain(ROBOT_SECRET);
  });

  it('sign out forgets the token and needs sign-in; sign in gets a new one without a page', async () => {
    await gw.api.call(logoutServer, { params: { name: 'basic' } });
    await gw.waitFor(() => state('basic') === 'needs-sign-in', 'basic to need sign-in');
    // Signed out stays signed out across a restart: no token is asked for on its own.
    const before = tokenRequests(fx.basic).length;
    await gw.api.call(restartServer, { params: { name: 'basic' } }).catch(() => undefined);
    await gw.waitFor(() => state('basic') === 'needs-sign-in', 'basic to stay signed out');
    expect(tokenRequests(fx.basic).length).toBe(before);
    const started = await gw.api.call(loginServer, { params: { name: 'basic' }, body: { open: false } });
    expect(started.authorizationUrl).toBeUndefined();
    await gw.waitFor(() => state('basic') === 'running', 'basic to run again');
    expect(tokenRequests(fx.basic).length).toBe(before + 1);
  });

  it('sign out during a token request: the late token is dropped; sign in never joins a renewal', async () => {
    await gw.waitFor(() => state('slow') === 'running', 'slow to run');
    const store = await gw.engine.ctx.secrets?.();
    const stored = async () =>
      JSON.parse((await store?.get('oauth.slow')) ?? '{}') as { signedOut?: boolean };
    const arrived = async (n: number) =>
      gw.waitFor(() => tokenRequests(fx.slow).length === n, `${n} token requests at slow`);
    // A renewal waits at the token endpoint when the user signs out.
    const before = tokenRequests(fx.slow).length;
    fx.slow.hold();
    fx.slow.expireAll();
    const renewal = call('slow__echo', 'late').catch((e: unknown) => e);
    await arrived(before + 1);
    await gw.api.call(logoutServer, { params: { name: 'slow' } });
    fx.slow.release();
    await renewal;
    // The late token arrives after the sign-out and is not kept.
    await gw.waitFor(
      () => logged.some((l) => l.msg.includes('token dropped') && l.fields?.server === 'slow'),
      'the late token to be dropped',
    );
    await gw.waitFor(() => state('slow') === 'needs-sign-in', 'slow to need sign-in');
    expect(await stored()).toMatchObject({ signedOut: true });
    const s = await gw.api.call(getServer, { params: { name: 'slow' } });
    expect(s.signIn?.signedIn).toBe(false);

    // Sign in while a renewal from before a sign-out is still waiting: its own token request.
    await gw.api.call(loginServer, { params: { name: 'slow' }, body: { open: false } });
    await gw.waitFor(() => state('slow') === 'running', 'slow to run again');
    const next = tokenRequests(fx.slow).length;
    fx.slow.hold();
    fx.slow.expireAll();
    const stale = call('slow__echo', 'stale').catch((e: unknown) => e);
    await arrived(next + 1);
    await gw.api.call(logoutServer, { params: { name: 'slow' } });
    const login = gw.api.call(loginServer, { params: { name: 'slow' }, body: { open: false } });
    await arrived(next + 2);
    fx.slow.release();
    await login;
    await stale;
    await gw.waitFor(() => state('slow') === 'running', 'slow to run after sign-in');
    expect(await stored()).not.toMatchObject({ signedOut: true });
  });

  it('the secret and the private key stay in the keychain: not in logs, exports or the config', async () => {
    const logs = JSON.stringify(
      await Promise.all(
        ['basic', 'jwt', 'wrong'].map((name) => gw.api.call(serverLogs, { params: { name } })),
      ),
    );
    const exported = JSON.stringify(await gw.api.call(exportConfig));
    const config = readFileSync(gw.configFile, 'utf8');
    const keyBody = pem.split('\n')[1] ?? '';
    for (const text of [logs, exported, config]) {
      expect(text).not.toContain(ROBOT_SECRET);
      expect(text).not.toContain(keyBody);
    }
    expect(config).toContain('${secret:robot-key}');
    // The token itself is kept in the secrets store (the keychain; here its file fallback).
    const stored = JSON.parse(secretsFileText(gw.dataDir)) as Record<string, string>;
    const record = JSON.parse(Object.entries(stored).find(([k]) => k.includes('oauth.jwt'))?.[1] ?? '{}');
    expect(record).toMatchObject({ grant: 'client_credentials', resource: fx.jwt.url });
    expect(record.tokens?.access_token).toEqual(expect.any(String));
    expect(config).not.toContain(record.tokens?.access_token);
  });
});
