import type { Command } from 'commander';

import type { ApiClient } from '../../src-shared/api/client.js';
import { loginServer, logoutServer } from '../../src-shared/api/oauth.js';
import { getServer } from '../../src-shared/api/routes.js';
import type { ServerSummary } from '../../src-shared/api/schemas.js';
import { errorText } from '../../src-shared/values.js';
import { gatewayOptions, type GatewayOpts } from './commands.js';
import { connect } from './connection.js';
import { CliError, printJson } from './output.js';

/** `servers login` and `servers logout`: OAuth sign-in to remote servers, driven through the API. */

interface LoginOpts extends GatewayOpts {
  browser: boolean;
  wait: boolean;
}

const POLL_MS = 500;
/** A machine account's server starts once it has its token: the wait for it to run. */
const MACHINE_WAIT_MS = 60_000;

/** Waits until the sign-in finished (running), failed (an error is recorded) or expired. */
async function waitForSignIn(api: ApiClient, name: string, until: number): Promise<ServerSummary> {
  // Bounded by the sign-in's own expiry (ten minutes by default).
  let askedAgain = 0;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const s = await api.call(getServer, { params: { name } });
    // The browser came back, yet the server asks again (more scope): seen twice, so the moment
    // between the answer and the server's start is not mistaken for it.
    askedAgain =
      s.state === 'needs-sign-in' && s.signIn !== undefined && !s.signIn.pending ? askedAgain + 1 : 0;
    if (askedAgain >= 2) {
      throw new CliError(
        `signed in, but '${name}' asks you to sign in again: ${s.reason ?? 'no reason given'}`,
      );
    }
    if (s.state === 'running' || s.state === 'degraded') {
      return s;
    }
    if (s.state === 'error') {
      throw new CliError(`signed in, but '${name}' failed to start: ${s.reason}`);
    }
    const i = s.signIn;
    if (i !== undefined && !i.pending && !i.signedIn && i.lastError !== undefined) {
      throw new CliError(`sign-in to '${name}' failed: ${i.lastError}`);
    }
  }
  throw new CliError(
    `the sign-in to '${name}' was not finished in time; run \`mcp-gateway servers login ${name}\` again`,
  );
}

export function registerSignInCommands(program: Command): void {
  const servers = program.commands.find((c) => c.name() === 'servers');
  if (servers === undefined) {
    throw new Error('the servers command must be registered first');
  }
  gatewayOptions(
    servers
      .command('login <name>')
      .description('sign in to a remote server that asks for it (OAuth): opens $BROWSER or prints the page')
      .option('--no-browser', 'only print the sign-in page, do not run $BROWSER')
      .option('--no-wait', 'do not wait for the sign-in to finish'),
  ).action(async (name: string, opts: LoginOpts) => {
    const api = await connect(opts.url);
    const started = await api.call(loginServer, { params: { name }, body: { open: false } });
    const page = started.authorizationUrl;
    if (page === undefined) {
      // A machine account (oauth.grant client_credentials or jwt_bearer) or oauth.enterprise:
      // signed in, no browser.
      const s = opts.wait ? await waitForSignIn(api, name, Date.now() + MACHINE_WAIT_MS) : undefined;
      if (opts.json) {
        printJson({ ...started, ...(s ? { state: s.state } : {}) });
        return;
      }
      process.stdout.write(
        `signed in to '${name}' ${s?.signIn?.grant === 'enterprise' ? "through your company's identity provider" : 'with its machine account'}, without a browser${s ? ` (now ${s.state})` : ''}\n`,
      );
      return;
    }
    const browser = process.env.BROWSER;
    let opened = false;
    if (opts.browser && browser !== undefined && browser.trim() !== '') {
      try {
        const { openWithBrowserCommand } = await import('../engine/oauth/index.js');
        await openWithBrowserCommand(browser, page);
        opened = true;
      } catch (err) {
        process.stderr.write(`${errorText(err)}\n`);
      }
    }
    if (!opts.json) {
      process.stdout.write(
        `${opened ? 'Opened the sign-in page in $BROWSER. If nothing appeared, open' : 'Open'} this page to sign in to '${name}':\n  ${page}\n`,
      );
    }
    if (!opts.wait) {
      if (opts.json) {
        printJson({ ...started, opened });
      }
      return;
    }
    if (!opts.json) {
      process.stdout.write('Waiting for the browser to come back to the gateway… (Ctrl-C to stop waiting)\n');
    }
    const s = await waitForSignIn(api, name, started.pendingUntil);
    if (opts.json) {
      printJson({ ...started, opened, state: s.state });
      return;
    }
    process.stdout.write(`signed in to '${name}' (now ${s.state})\n`);
  });
  gatewayOptions(
    servers
      .command('logout <name>')
      .description('sign out of a remote server: revoke its tokens where supported and forget them'),
  ).action(async (name: string, opts: GatewayOpts) => {
    const api = await connect(opts.url);
    const out = await api.call(logoutServer, { params: { name } });
    if (opts.json) {
      printJson(out);
      return;
    }
    process.stdout.write(`${out.message}\n`);
  });
}
