import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

import { GatewayError } from '../../../src-shared/errors.js';
import { assertOAuthUrl } from './url-safety.js';

/**
 * Opens a sign-in page with the command in `$BROWSER`, never through a shell: the URL is one
 * argument. `$BROWSER` may be a path (spaces allowed) or a command followed by arguments;
 * a `%s` argument is replaced by the URL, else the URL is appended. Only http(s) URLs are
 * opened. Resolves once the command has started.
 */
export function openWithBrowserCommand(browser: string, url: string): Promise<void> {
  // The page may live on any network the server's own policy allowed; here only the scheme matters.
  assertOAuthUrl(url, 'loopback');
  const trimmed = browser.trim();
  if (trimmed === '') {
    return Promise.reject(new GatewayError('BAD_REQUEST', '$BROWSER is empty'));
  }
  const parts = existsSync(trimmed) ? [trimmed] : trimmed.split(/\s+/);
  const [command, ...rest] = parts as [string, ...string[]];
  const args = rest.includes('%s') ? rest.map((a) => (a === '%s' ? url : a)) : [...rest, url];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, shell: false });
    child.once('error', (err) =>
      reject(new GatewayError('UNAVAILABLE', `could not run $BROWSER (${command}): ${err.message}`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
