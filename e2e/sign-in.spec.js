import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { assert, eventually, ROOT } from './fixtures.js';
import { ServerDetailPage, ServersPage } from './pages.js';

/**
 * Sign-in to a remote server from the dashboard, against the project's local authorization
 * server fixture on 127.0.0.1 (with an "Allow" page, as a real one has). The gateway has no
 * `$BROWSER` here, so the dashboard opens the sign-in page itself: a new tab in Chromium.
 * With E2E_SHOTS=<folder> the steps are also saved as oauth-*.png (docs/screenshots/).
 */

const { startOAuthServer } = await import(
  pathToFileURL(path.join(ROOT, 'test/fixtures/servers/oauth-server.mjs')).href
);
const { startIdpServer } = await import(
  pathToFileURL(path.join(ROOT, 'test/fixtures/servers/idp-server.mjs')).href
);

async function shot(page, name) {
  const dir = process.env.E2E_SHOTS;
  if (dir !== undefined && dir !== '') {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(path.resolve(dir), `oauth-${name}.png`) });
  }
}

export const tests = [
  {
    name: 'sign-in: a remote server that needs sign-in, Sign in, allow in the browser, tools listed, Sign out',
    timeout: 120_000,
    async run(t) {
      const fx = await startOAuthServer({ approvalPage: true });
      try {
        const gw = await t.gateway({
          servers: { linear: { url: fx.url, description: 'Remote server that asks for sign-in' } },
          gateway: { secrets: { allowFileFallback: true } },
          // No desktop keychain and no $BROWSER: the dashboard opens the page.
          env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BROWSER: '' },
        });
        const { page, context } = await t.dashboard(gw, { viewport: { width: 1280, height: 820 } });
        const servers = new ServersPage(page);
        await servers.open();
        await servers.waitForState('linear', 'needs-sign-in');
        await servers.row('linear').getByText('Needs sign-in').waitFor();
        await shot(page, 'needs-sign-in');

        // Sign in from the server's row: the authorization server's page opens in a new tab.
        const popup = context.waitForEvent('page');
        await servers.row('linear').getByRole('button', { name: 'Sign in to linear' }).click();
        const authPage = await popup;
        await authPage.getByRole('heading', { name: 'Allow MCP Gateway?' }).waitFor();
        assert(
          authPage.url().startsWith(`${fx.issuer}/authorize?`),
          `the sign-in page is the authorization server's (${authPage.url()})`,
        );
        const asked = new URL(authPage.url()).searchParams;
        assert(
          asked.get('code_challenge_method') === 'S256' && asked.get('resource') === fx.url,
          'PKCE S256 and the resource are asked for',
        );
        assert(
          asked.get('redirect_uri') === `${gw.url}/oauth/callback`,
          'the redirect comes back to the gateway',
        );
        // While the browser is out, the dashboard says so and offers the page again.
        await page.getByText('waiting for the browser').waitFor();
        await page
          .locator('.toast')
          .filter({ hasText: 'Finish signing in to linear in your browser' })
          .waitFor();
        await authPage.setViewportSize({ width: 900, height: 560 });
        await shot(authPage, 'authorize');

        await authPage.getByRole('button', { name: 'Allow' }).click();
        await authPage.waitForURL((u) => u.href.startsWith(`${gw.url}/oauth/callback`));
        await authPage
          .getByText(/signed in/i)
          .first()
          .waitFor();
        await shot(authPage, 'callback');
        await authPage.close();

        await servers.waitForState('linear', 'running');
        const detail = new ServerDetailPage(page);
        await detail.open('linear');
        await page
          .getByTestId('sign-in-status')
          .filter({ hasText: `signed in at ${fx.issuer}` })
          .waitFor();
        await page.getByRole('button', { name: 'Sign out of linear' }).waitFor();
        // Needing sign-in was not a failure: no "last error" outlives it.
        assert((await page.getByText('Last error').count()) === 0, 'no last error once signed in');
        await shot(page, 'signed-in');
        await detail.tab('Tools');
        await page.getByRole('switch', { name: 'Tool echo' }).waitFor({ timeout: 30_000 });
        await shot(page, 'tools');
        const s = await gw.api('GET', '/servers/linear');
        assert(
          s.state === 'running' && s.signIn?.signedIn === true,
          `API: running and signed in (${s.state})`,
        );
        const issued = [...fx.state.access.keys()];
        assert(
          issued.length > 0 && issued.every((tok) => !JSON.stringify(s).includes(tok)),
          'no access token in the API',
        );

        // A call through the gateway carries the token to the server.
        const call = await gw.api('POST', '/tools/call', {
          server: 'linear',
          tool: 'echo',
          arguments: { text: 'through the gateway' },
        });
        assert(JSON.stringify(call).includes('through the gateway'), 'the call reached the signed-in server');

        // Sign out: the tokens are revoked and the server asks for sign-in again.
        await detail.open('linear');
        await page.getByRole('button', { name: 'Sign out of linear' }).click();
        await page.locator('.toast').filter({ hasText: 'Signed out of linear' }).waitFor();
        await detail.badge().filter({ hasText: 'Needs sign-in' }).waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: 'Sign in to linear' }).waitFor();
        await eventually(() => fx.state.revoked.length > 0, {
          message: 'the authorization server saw the revocation',
        });
        const after = await gw.api('GET', '/servers/linear');
        assert(
          after.state === 'needs-sign-in' && after.signIn?.signedIn === false,
          `API: signed out (${after.state})`,
        );
      } finally {
        await fx.close();
      }
    },
  },
  {
    name: 'sign-in: a machine account (client credentials) runs without a browser; Sign out, Sign in again',
    timeout: 120_000,
    async run(t) {
      const fx = await startOAuthServer({ registration: 'none' });
      fx.addClient({ client_id: 'ci-robot', client_secret: 'robot-secret-e2e', redirect_uris: [] });
      try {
        const gw = await t.gateway({
          servers: {
            reports: {
              url: fx.url,
              oauth: {
                grant: 'client_credentials',
                clientId: 'ci-robot',
                clientSecret: '${secret:ci-robot}',
              },
            },
          },
          gateway: { secrets: { allowFileFallback: true } },
          env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BROWSER: '' },
        });
        // The secret goes into the keychain (as the app's secrets page does); then a restart.
        await gw.api('PUT', '/secrets/ci-robot', { value: 'robot-secret-e2e' });
        await gw.api('POST', '/servers/reports/restart');
        const { page, context } = await t.dashboard(gw, { viewport: { width: 1280, height: 820 } });
        const servers = new ServersPage(page);
        await servers.open();
        await servers.waitForState('reports', 'running');
        const detail = new ServerDetailPage(page);
        await detail.open('reports');
        await page
          .getByTestId('sign-in-status')
          .filter({ hasText: 'machine account (client credentials)' })
          .waitFor();
        await page.getByRole('button', { name: 'Sign out of reports' }).click();
        await detail.badge().filter({ hasText: 'Needs sign-in' }).waitFor({ timeout: 30_000 });
        // Sign in asks the token endpoint at once: no page opens.
        let opened = false;
        context.on('page', () => (opened = true));
        await page.getByRole('button', { name: 'Sign in to reports' }).click();
        await page.locator('.toast').filter({ hasText: 'Signed in to reports' }).waitFor();
        await detail.badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
        assert(!opened, 'no sign-in page was opened for a machine account');
        const s = await gw.api('GET', '/servers/reports');
        assert(
          s.signIn?.grant === 'client_credentials',
          `API: the grant is shown (${JSON.stringify(s.signIn)})`,
        );
        assert(!JSON.stringify(s).includes('robot-secret-e2e'), 'the secret is not in the API');
      } finally {
        await fx.close();
      }
    },
  },
  {
    name: "sign-in: enterprise-managed (the company's identity provider) runs without a browser; Sign out, Sign in again",
    timeout: 120_000,
    async run(t) {
      const idp = await startIdpServer({ clientId: 'gw-at-idp', asClientId: 'gw' });
      const fx = await startOAuthServer({ registration: 'none' });
      fx.addClient({ client_id: 'gw', client_secret: 'gw-secret-e2e', redirect_uris: [] });
      fx.trustIssuer(idp.issuer, idp.publicKeyPem);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-e2e-sso-'));
      const idTokenFile = path.join(dir, 'id-token');
      writeFileSync(idTokenFile, idp.idToken());
      try {
        const gw = await t.gateway({
          servers: {
            crm: {
              url: fx.url,
              oauth: {
                clientId: 'gw',
                clientSecret: '${secret:crm-client}',
                enterprise: { idpIssuer: idp.issuer, clientId: 'gw-at-idp', idTokenFile },
              },
            },
          },
          gateway: { secrets: { allowFileFallback: true } },
          env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', BROWSER: '' },
        });
        await gw.api('PUT', '/secrets/crm-client', { value: 'gw-secret-e2e' });
        await gw.api('POST', '/servers/crm/restart');
        const { page, context } = await t.dashboard(gw, { viewport: { width: 1280, height: 820 } });
        const servers = new ServersPage(page);
        await servers.open();
        await servers.waitForState('crm', 'running');
        const detail = new ServerDetailPage(page);
        await detail.open('crm');
        await page.getByTestId('sign-in-status').filter({ hasText: 'enterprise-managed' }).waitFor();
        // It failed once (its secret was not stored yet): running now, that error is shown muted.
        assert((await page.getByText('Earlier error').count()) === 1, 'the earlier error is kept');
        assert((await page.getByText('Last error').count()) === 0, 'no current error while running');
        await shot(page, 'enterprise-signed-in');
        await page.getByRole('button', { name: 'Sign out of crm' }).click();
        await detail.badge().filter({ hasText: 'Needs sign-in' }).waitFor({ timeout: 30_000 });
        const exchanges = idp.state.log.length;
        let opened = false;
        context.on('page', () => (opened = true));
        await page.getByRole('button', { name: 'Sign in to crm' }).click();
        await page
          .locator('.toast')
          .filter({ hasText: "Through your company's identity provider" })
          .waitFor();
        await detail.badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
        assert(!opened, 'no sign-in page was opened');
        assert(idp.state.log.length === exchanges + 1, 'Sign in ran the token exchange at the IdP again');
        const s = await gw.api('GET', '/servers/crm');
        assert(s.signIn?.grant === 'enterprise', `API: the grant is shown (${JSON.stringify(s.signIn)})`);
        assert(!JSON.stringify(s).includes('gw-secret-e2e'), 'the secret is not in the API');
      } finally {
        await fx.close();
        await idp.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
