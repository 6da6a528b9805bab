import { LogIn, LogOut } from 'lucide-react';
import { useState } from 'react';

import { useEngine } from '../api/context.js';
import { signIn, signOut } from '../api/sign-in.js';
import type { ServerRow } from '../stores/servers.js';
import { ExternalLink } from './external-link.js';

/**
 * The sign-in controls of a remote server that uses OAuth: "Sign in" when it needs it (with a
 * link back to a pending sign-in page), "Sign out" on the detail page once signed in.
 */
export function SignInButton({ server, withSignOut = false }: { server: ServerRow; withSignOut?: boolean }) {
  const link = useEngine();
  const [busy, setBusy] = useState(false);
  const info = server.signIn;
  if (info === undefined || server.disabled) {
    return null;
  }
  const run = (what: () => Promise<unknown>) => {
    setBusy(true);
    void what().finally(() => setBusy(false));
  };
  if (server.state === 'needs-sign-in' || (!info.signedIn && info.pending)) {
    return (
      <span
        className="row-actions"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.stopPropagation()}
      >
        {info.pending && info.authorizationUrl !== undefined && (
          <span className="faint hide-compact">
            waiting for the browser ·{' '}
            <ExternalLink href={info.authorizationUrl}>open the page again</ExternalLink>
          </span>
        )}
        <button
          className="btn sm primary"
          disabled={busy}
          aria-label={`Sign in to ${server.name}`}
          onClick={() => run(() => signIn(link, server.name))}
        >
          <LogIn size={13} /> Sign in
        </button>
      </span>
    );
  }
  if (withSignOut && info.signedIn) {
    return (
      <button
        className="btn sm"
        disabled={busy}
        aria-label={`Sign out of ${server.name}`}
        onClick={() => run(() => signOut(link, server.name))}
      >
        <LogOut size={13} /> Sign out
      </button>
    );
  }
  return null;
}
