import { loginServer, logoutServer } from '../../src-shared/api/oauth.js';
import { getServer } from '../../src-shared/api/routes.js';
import { toast, toastError } from '../components/toaster.js';
import { upsertSummary } from '../stores/servers.js';
import type { EngineLink } from './engine.js';

/**
 * Sign in to a remote server: the engine opens the page itself where it can (the desktop app,
 * or `$BROWSER`); otherwise this page opens it. The server starts once the browser comes back.
 */
export async function signIn(link: EngineLink, name: string): Promise<string | undefined> {
  try {
    const out = await link.api.call(loginServer, { params: { name }, body: { open: true } });
    if (out.authorizationUrl === undefined) {
      // A machine account, a workload identity or the company's identity provider: no browser.
      const summary = await link.api.call(getServer, { params: { name } });
      toast({
        kind: 'success',
        title: `Signed in to ${name}`,
        description:
          summary.signIn?.grant === 'enterprise'
            ? "Through your company's identity provider, without a browser; the server starts now."
            : 'With its machine account, without a browser; the server starts now.',
      });
      upsertSummary(summary, Date.now());
      return undefined;
    }
    if (!out.opened) {
      const open = link.desktop?.desktop.openExternal;
      if (open !== undefined) {
        await open(out.authorizationUrl);
      } else {
        window.open(out.authorizationUrl, '_blank', 'noopener');
      }
    }
    toast({
      kind: 'info',
      title: `Finish signing in to ${name} in your browser`,
      description: 'The server starts as soon as the browser comes back to the gateway.',
    });
    upsertSummary(await link.api.call(getServer, { params: { name } }), Date.now());
    return out.authorizationUrl;
  } catch (err) {
    toastError(`Could not sign in to ${name}`, err);
    return undefined;
  }
}

export async function signOut(link: EngineLink, name: string): Promise<void> {
  try {
    const out = await link.api.call(logoutServer, { params: { name } });
    toast({ kind: 'success', title: `Signed out of ${name}`, description: out.message });
  } catch (err) {
    toastError(`Could not sign out of ${name}`, err);
  }
}
