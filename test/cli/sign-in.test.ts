import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type IdpFixture, startIdpServer } from '../fixtures/servers/idp-server.mjs';
import { type OAuthFixture, startOAuthServer } from '../fixtures/servers/oauth-server.mjs';
import { cliEnv, expectCliBuilt, runCli } from '../lib/cli.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { ROOT } from '../lib/paths.js';

/** `servers login` / `servers logout` of the built CLI against a real gateway and a real OAuth server. */

const BROWSER = `${process.execPath} ${path.join(ROOT, 'test/fixtures/follow-redirect-browser.mjs')}`;

const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, env, 60_000);

describe('mcp-gateway servers login / logout', () => {
  let gw: Gateway;
  let fx: OAuthFixture;
  let machine: OAuthFixture;
  let sso: OAuthFixture;
  let idp: IdpFixture;
  let env: NodeJS.ProcessEnv;
  const ssoDir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-cli-sso-'));
  const idTokenFile = path.join(ssoDir, 'id-token');

  beforeAll(async () => {
    expectCliBuilt();
    fx = await startOAuthServer();
    machine = await startOAuthServer({ registration: 'none' });
    machine.addClient({ client_id: 'robot', client_secret: 'robot-secret-1', redirect_uris: [] });
    // Enterprise-managed authorization: an IdP the authorization server trusts, an ID token
    // that the user's SSO tool keeps in a file.
    idp = await startIdpServer({ clientId: 'gw-at-idp', asClientId: 'gw' });
    sso = await startOAuthServer({ registration: 'none' });
    sso.addClient({ client_id: 'gw', client_secret: 'gw-secret-1', redirect_uris: [] });
    sso.trustIssuer(idp.issuer, idp.publicKeyPem);
    writeFileSync(idTokenFile, idp.idToken());
    gw = await startGateway(
      {
        remote: { url: fx.url },
        robot: {
          url: machine.url,
          oauth: { grant: 'client_credentials', clientId: 'robot', clientSecret: '${secret:robot}' },
        },
        sso: {
          url: sso.url,
          oauth: {
            clientId: 'gw',
            clientSecret: '${secret:gw}',
            enterprise: { idpIssuer: idp.issuer, clientId: 'gw-at-idp', idTokenFile },
          },
        },
      },
      { secrets: { allowFileFallback: true } },
      {
        writeRuntimeFile: true,
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BROWSER: '' },
      },
    );
    env = cliEnv(gw.dir, ['BROWSER']);
    await gw.waitFor(
      () => gw.engine.ctx.supervisor.get('remote')?.state === 'needs-sign-in',
      'needs sign-in',
    );
  });
  afterAll(async () => {
    await gw?.close();
    await fx?.close();
    await machine?.close();
    await sso?.close();
    await idp?.close();
    rmSync(ssoDir, { recursive: true, force: true });
  });

  it('shows the state and how to sign in', async () => {
    const list = await cli(['servers', 'list'], env);
    expect(list.stdout).toMatch(/remote\s+│\s+needs-sign-in/);
    const get = await cli(['servers', 'get', 'remote'], env);
    expect(get.stdout).toMatch(/sign-in\s+not signed in — `mcp-gateway servers login remote`/);
  });

  it('without $BROWSER prints the sign-in page and returns with --no-wait', async () => {
    const r = await cli(['servers', 'login', 'remote', '--no-wait'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Open this page to sign in to 'remote':`);
    expect(r.stdout).toContain(`${fx.issuer}/authorize?`);
  });

  it('runs $BROWSER (no shell) with the page and waits until the server runs', async () => {
    const r = await cli(['servers', 'login', 'remote'], { ...env, BROWSER });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Opened the sign-in page in $BROWSER');
    expect(r.stdout).toContain(`signed in to 'remote' (now running)`);
    expect(gw.engine.ctx.supervisor.get('remote')?.state).toBe('running');
  });

  it('signs out, revoking the tokens', async () => {
    const r = await cli(['servers', 'logout', 'remote'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`signed out of 'remote': the tokens were revoked and forgotten`);
    await gw.waitFor(
      () => gw.engine.ctx.supervisor.get('remote')?.state === 'needs-sign-in',
      'needs sign-in again',
    );
  });

  it('a machine account: login needs no page, get says what it is, logout and login again', async () => {
    const store = await gw.engine.ctx.secrets?.();
    await store?.set('robot', 'robot-secret-1');
    const first = await cli(['servers', 'login', 'robot'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      `signed in to 'robot' with its machine account, without a browser (now running)`,
    );
    expect(first.stdout).not.toContain('Open this page');
    const get = await cli(['servers', 'get', 'robot'], env);
    expect(get.stdout).toMatch(
      /sign-in\s+signed in at http:\/\/127\.0\.0\.1:\d+ .*· machine account \(client credentials\)/,
    );
    const out = await cli(['servers', 'logout', 'robot'], env);
    expect(out.code, out.stderr).toBe(0);
    await gw.waitFor(
      () => gw.engine.ctx.supervisor.get('robot')?.state === 'needs-sign-in',
      'robot signed out',
    );
    const again = await cli(['servers', 'login', 'robot', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ server: 'robot', state: 'running' });
  });

  it('enterprise-managed: login through the identity provider, get says so, logout', async () => {
    const store = await gw.engine.ctx.secrets?.();
    await store?.set('gw', 'gw-secret-1');
    const first = await cli(['servers', 'login', 'sso'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      `signed in to 'sso' through your company's identity provider, without a browser (now running)`,
    );
    expect(idp.state.log.length).toBeGreaterThan(0);
    const get = await cli(['servers', 'get', 'sso'], env);
    expect(get.stdout).toMatch(/sign-in\s+signed in at http:\/\/127\.0\.0\.1:\d+ .*· enterprise-managed/);
    const out = await cli(['servers', 'logout', 'sso'], env);
    expect(out.code, out.stderr).toBe(0);
    await gw.waitFor(() => gw.engine.ctx.supervisor.get('sso')?.state === 'needs-sign-in', 'sso signed out');
  });

  it('a failed sign-in exits non-zero with the reason', async () => {
    const r = await cli(['servers', 'login', 'nope'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`server 'nope' not found`);
  });
});
