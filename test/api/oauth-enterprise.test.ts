import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Logger } from '../../src-main/engine/types.js';
import { loginServer, logoutServer } from '../../src-shared/api/oauth.js';
import { callTool, exportConfig, getServer, restartServer, serverLogs } from '../../src-shared/api/routes.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { type IdpFixture, startIdpServer } from '../fixtures/servers/idp-server.mjs';
import { type OAuthFixture, startOAuthServer } from '../fixtures/servers/oauth-server.mjs';
import { type Gateway, startGateway } from '../lib/gateway.js';

const AS_SECRET = 'gateway-at-the-as-secret-5151';
const IDP_SECRET = 'gateway-at-the-idp-secret-7272';

function secretsFileText(dataDir: string): string {
  const file = readdirSync(dataDir).find((f) => f.startsWith('secrets'));
  return file === undefined ? '' : readFileSync(path.join(dataDir, file), 'utf8');
}

/**
 * Enterprise-managed authorization (`oauth.enterprise`): the gateway exchanges the user's ID
 * token from the company's identity provider for an ID-JAG (RFC 8693) and presents that to the
 * MCP server's authorization server (RFC 7523 JWT bearer grant), without a browser; against a
 * real fake IdP and the real fixture authorization server, on 127.0.0.1.
 */
describe('remote servers signed in to through the company identity provider (oauth.enterprise)', () => {
  let gw: Gateway;
  let idp: IdpFixture;
  const fx = {} as Record<
    'main' | 'cmd' | 'refused' | 'nofile' | 'expired' | 'rejected' | 'pinned',
    OAuthFixture
  >;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-sso-'));
  const tokenFile = path.join(dir, 'id-token');
  const cmdTokenFile = path.join(dir, 'cmd-id-token');
  const expiredFile = path.join(dir, 'expired-id-token');
  const rejectedFile = path.join(dir, 'rejected-id-token');
  const missingFile = path.join(dir, 'sso-never-ran-5d1c');
  const idTokens: string[] = [];

  const logged: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
  const recorder: Logger = {
    debug: (msg, fields) => logged.push({ msg, ...(fields ? { fields } : {}) }),
    info: (msg, fields) => logged.push({ msg, ...(fields ? { fields } : {}) }),
    warn: (msg, fields) => logged.push({ msg, ...(fields ? { fields } : {}) }),
    error: (msg, fields) => logged.push({ msg, ...(fields ? { fields } : {}) }),
    child: () => recorder,
  };

  beforeAll(async () => {
    idp = await startIdpServer({ clientId: 'gw-at-idp', clientSecret: IDP_SECRET, asClientId: 'gw' });
    for (const name of ['main', 'cmd', 'refused', 'nofile', 'expired', 'rejected', 'pinned'] as const) {
      fx[name] = await startOAuthServer({ registration: 'none' });
      fx[name].addClient({ client_id: 'gw', client_secret: AS_SECRET, redirect_uris: [] });
      fx[name].trustIssuer(idp.issuer, idp.publicKeyPem);
    }
    const write = (file: string, token: string) => {
      idTokens.push(token);
      writeFileSync(file, token, { mode: 0o600 });
    };
    write(tokenFile, idp.idToken());
    write(cmdTokenFile, idp.idToken({ sub: 'grace@example.com' }));
    write(expiredFile, idp.idToken({ expiresInSec: -60 }));
    write(rejectedFile, idp.idToken({ aud: 'some-other-app' }));
    const enterprise = {
      idpTokenEndpoint: idp.tokenEndpoint,
      clientId: 'gw-at-idp',
      clientSecret: '${secret:idp}',
      idTokenFile: tokenFile,
    };
    const oauth = (extra: Record<string, unknown> = {}) => ({
      clientId: 'gw',
      clientSecret: '${secret:as}',
      enterprise: { ...enterprise, ...extra },
    });
    // A command as SSO tools have them: it prints JSON with the ID token.
    const printer = `process.stdout.write(JSON.stringify({ id_token: require('fs').readFileSync(${JSON.stringify(cmdTokenFile)}, 'utf8') }))`;
    const { idpTokenEndpoint: _e, idTokenFile: _f, ...byIssuer } = enterprise;
    const servers: Record<string, ServerConfig> = {
      main: { url: fx.main.url, oauth: oauth() },
      cmd: {
        url: fx.cmd.url,
        oauth: {
          clientId: 'gw',
          clientSecret: '${secret:as}',
          enterprise: {
            ...byIssuer,
            idpIssuer: idp.issuer,
            idTokenCommand: [process.execPath, '-e', printer],
          },
        },
      },
      refused: { url: fx.refused.url, oauth: oauth({ clientSecret: '${secret:idp-wrong}' }) },
      nofile: { url: fx.nofile.url, oauth: oauth({ idTokenFile: missingFile }) },
      expired: { url: fx.expired.url, oauth: oauth({ idTokenFile: expiredFile }) },
      rejected: { url: fx.rejected.url, oauth: oauth({ idTokenFile: rejectedFile }) },
      pinned: { url: fx.pinned.url, oauth: { ...oauth(), issuer: 'https://login.example.com' } },
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
    await store?.set('as', AS_SECRET);
    await store?.set('idp', IDP_SECRET);
    await store?.set('idp-wrong', 'not-the-idp-secret');
    // They started before their secrets existed: start them again, as after `secrets set`.
    for (const name of Object.keys(servers)) {
      await gw.api.call(restartServer, { params: { name } }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await gw?.close();
    await idp?.close();
    await Promise.all(Object.values(fx).map((f) => f.close()));
  });

  const state = (name: string) => gw.engine.ctx.supervisor.get(name)?.state;
  const lastError = (name: string) => gw.engine.ctx.supervisor.get(name)?.lastError ?? '';
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
  const asTokenRequests = (f: OAuthFixture) =>
    f.state.log.filter((e) => e.kind === 'token') as Array<{ params: Record<string, string>; auth: string }>;
  /** The IdP's token exchanges for one MCP server (by the resource asked for). */
  const exchanges = (f: OAuthFixture) => idp.state.log.filter((e) => e.params.resource === f.url);

  it('exchanges the ID token at the IdP, then signs in with the ID-JAG: no browser', async () => {
    await gw.waitFor(() => state('main') === 'running', 'main to run');
    const [exchange] = exchanges(fx.main);
    expect(exchange?.params).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:ietf:params:oauth:token-type:id-jag',
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      subject_token: idTokens[0],
      audience: fx.main.issuer,
      resource: fx.main.url,
      scope: 'mcp:read',
    });
    expect(exchange?.auth).toBe('client_secret_basic');
    // The authorization server got that very ID-JAG with the JWT bearer grant, and the gateway's
    // own client authentication there.
    const [grant] = asTokenRequests(fx.main);
    expect(grant?.params).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      resource: fx.main.url,
    });
    expect(grant?.auth).toBe('client_secret_basic');
    expect(idp.state.issued).toContain(grant?.params.assertion);
    const jag = idp.decode(grant?.params.assertion ?? '');
    expect(jag.header.typ).toBe('oauth-id-jag+jwt');
    expect(jag.claims).toMatchObject({ aud: fx.main.issuer, resource: fx.main.url, client_id: 'gw' });
    expect(JSON.stringify(await call('main__echo', 'hello'))).toContain('hello');
    const s = await gw.api.call(getServer, { params: { name: 'main' } });
    expect(s.signIn).toMatchObject({ grant: 'enterprise', signedIn: true, pending: false });
    expect(s.signIn?.authorizationUrl).toBeUndefined();
  });

  it('a refused access token runs the exchange again with the ID token read afresh', async () => {
    const before = exchanges(fx.main).length;
    const renewed = idp.idToken({ sub: 'ada@example.com' });
    idTokens.push(renewed);
    writeFileSync(tokenFile, renewed);
    fx.main.expireAll();
    expect(JSON.stringify(await call('main__echo', 'again'))).toContain('again');
    expect(exchanges(fx.main).length).toBe(before + 1);
    expect(exchanges(fx.main).at(-1)?.params.subject_token).toBe(renewed);
    expect(state('main')).toBe('running');
  });

  it('the IdP found by its issuer; the ID token printed by a command', async () => {
    await gw.waitFor(() => state('cmd') === 'running', 'cmd to run');
    const [exchange] = exchanges(fx.cmd);
    expect(exchange?.params.subject_token).toBe(idTokens[1]);
    expect(JSON.stringify(await call('cmd__echo', 'from a command'))).toContain('from a command');
  });

  it('the IdP refuses the gateway: an error that says so and what to check, never the secret', async () => {
    await gw.waitFor(() => /identity provider refused/.test(lastError('refused')), 'refused to fail');
    const s = await gw.api.call(getServer, { params: { name: 'refused' } });
    expect(s.state).not.toBe('running');
    expect(s.lastError).toMatch(
      /enterprise sign-in to 'refused' failed: the identity provider refused the token exchange \(invalid_client.*mcpServers\.refused\.oauth\.enterprise\.clientSecret/,
    );
    expect(asTokenRequests(fx.refused)).toEqual([]);
    expect(JSON.stringify(s)).not.toContain('not-the-idp-secret');
  });

  it('an ID token the IdP does not accept: sign in with the SSO tool again', async () => {
    await gw.waitFor(() => /identity provider refused/.test(lastError('rejected')), 'rejected to fail');
    expect(lastError('rejected')).toMatch(
      /\(invalid_grant: ID token refused.*sign in with your SSO tool again, then `mcp-gateway servers login rejected`/,
    );
    expect(asTokenRequests(fx.rejected)).toEqual([]);
  });

  it('an expired ID token is not sent at all; the error says to sign in to SSO again', async () => {
    await gw.waitFor(() => /expired at/.test(lastError('expired')), 'expired to fail');
    expect(lastError('expired')).toMatch(
      /the ID token from mcpServers\.expired\.oauth\.enterprise\.idTokenFile expired at .*sign in with your SSO tool again/,
    );
    expect(exchanges(fx.expired)).toEqual([]);
  });

  it('a missing ID token file: an error that names the field and what to do, never the path', async () => {
    await gw.waitFor(() => /idTokenFile/.test(lastError('nofile')), 'nofile to fail');
    const s = await gw.api.call(getServer, { params: { name: 'nofile' } });
    expect(s.lastError).toMatch(
      /mcpServers\.nofile\.oauth\.enterprise\.idTokenFile \(it does not exist\); sign in with your SSO tool/,
    );
    const { config: _configured, ...status } = s;
    const shown = JSON.stringify([status, await gw.api.call(serverLogs, { params: { name: 'nofile' } })]);
    expect(shown).not.toContain('sso-never-ran-5d1c');
    expect(exchanges(fx.nofile)).toEqual([]);
  });

  it('another authorization server than oauth.issuer: no ID token leaves, nothing is sent to it', async () => {
    await gw.waitFor(() => /oauth\.issuer is/.test(lastError('pinned')), 'pinned to fail');
    expect(lastError('pinned')).toContain(fx.pinned.issuer);
    expect(lastError('pinned')).toContain('https://login.example.com');
    expect(exchanges(fx.pinned)).toEqual([]);
    expect(asTokenRequests(fx.pinned)).toEqual([]);
  });

  it('sign out forgets the token and stays out; sign in runs the exchange again, without a page', async () => {
    await gw.api.call(logoutServer, { params: { name: 'main' } });
    await gw.waitFor(() => state('main') === 'needs-sign-in', 'main to need sign-in');
    const before = exchanges(fx.main).length;
    await gw.api.call(restartServer, { params: { name: 'main' } }).catch(() => undefined);
    await gw.waitFor(() => state('main') === 'needs-sign-in', 'main to stay signed out');
    expect(exchanges(fx.main).length).toBe(before);
    const started = await gw.api.call(loginServer, { params: { name: 'main' }, body: { open: false } });
    expect(started.authorizationUrl).toBeUndefined();
    await gw.waitFor(() => state('main') === 'running', 'main to run again');
    expect(exchanges(fx.main).length).toBe(before + 1);
  });

  it('secrets, ID tokens, ID-JAGs and access tokens: never in logs, exports, the config or the API', async () => {
    const store = await gw.engine.ctx.secrets?.();
    const record = JSON.parse((await store?.get('oauth.main')) ?? '{}') as {
      grant?: string;
      tokens?: { access_token?: string };
    };
    expect(record.grant).toBe('enterprise');
    const accessToken = record.tokens?.access_token ?? '';
    expect(accessToken).not.toBe('');
    const names = ['main', 'cmd', 'refused', 'nofile', 'expired', 'rejected', 'pinned'];
    const texts = [
      JSON.stringify(logged),
      JSON.stringify(await Promise.all(names.map((name) => gw.api.call(serverLogs, { params: { name } })))),
      JSON.stringify(await Promise.all(names.map((name) => gw.api.call(getServer, { params: { name } })))),
      JSON.stringify(await gw.api.call(exportConfig)),
      readFileSync(gw.configFile, 'utf8'),
    ];
    const hidden = [
      AS_SECRET,
      IDP_SECRET,
      'not-the-idp-secret',
      accessToken,
      ...idTokens,
      ...idp.state.issued,
    ];
    for (const text of texts) {
      for (const value of hidden) {
        expect(text).not.toContain(value);
      }
    }
    // The access token is kept in the secrets store (the keychain; here its file fallback).
    expect(secretsFileText(gw.dataDir)).toContain('oauth.main');
  });
});
