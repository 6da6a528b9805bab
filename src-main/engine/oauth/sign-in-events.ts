import { errorText } from '../../../src-shared/values.js';
import type { Disposable, Logger } from '../types.js';

/**
 * Who hears about sign-ins: the supervisor listens for a server that needs one (refresh refused,
 * signed out, step-up) and for one that has just signed in. A failing listener is logged and
 * does not stop the others.
 */
export interface SignInEvents {
  onSignInNeeded(listener: (server: string, reason: string) => void): Disposable;
  onSignedIn(listener: (server: string) => void): Disposable;
  needed(server: string, reason: string): void;
  signedIn(server: string): void;
  clear(): void;
}

export function createSignInEvents(log: Logger): SignInEvents {
  const needListeners = new Set<(server: string, reason: string) => void>();
  const signedInListeners = new Set<(server: string) => void>();
  const each = <L>(listeners: Set<L>, server: string, call: (l: L) => void) => {
    for (const l of listeners) {
      try {
        call(l);
      } catch (err) {
        log.error('sign-in listener failed', { server, err: errorText(err) });
      }
    }
  };
  return {
    onSignInNeeded(listener) {
      needListeners.add(listener);
      return { dispose: () => void needListeners.delete(listener) };
    },
    onSignedIn(listener) {
      signedInListeners.add(listener);
      return { dispose: () => void signedInListeners.delete(listener) };
    },
    needed: (server, reason) => each(needListeners, server, (l) => l(server, reason)),
    signedIn: (server) => each(signedInListeners, server, (l) => l(server)),
    clear() {
      needListeners.clear();
      signedInListeners.clear();
    },
  };
}
