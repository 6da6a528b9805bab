import type { AuthProvider } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { DpopSetting } from './dpop.js';
import { explainSignInError, signInRequired } from './errors.js';
import type { SignInParts } from './parts.js';
import { refreshTokens } from './refresh.js';

/** What a remote server's transport gets: the bearer-token source and a fetch that watches for step-up. */
export interface BackendAuth {
  authProvider: AuthProvider;
  fetch: typeof fetch;
}

type BrowserAuthParts = Pick<
  SignInParts,
  | 'log'
  | 'clock'
  | 'store'
  | 'challenges'
  | 'dpop'
  | 'events'
  | 'lastErrors'
  | 'renewals'
  | 'fetchFor'
  | 'refreshMarginMs'
>;

/**
 * The transport hook of a server signed in with the browser: the stored access token, refreshed
 * shortly before it expires and once more on a 401; when that fails the tokens are forgotten and
 * the server needs sign-in (never a browser from the background). Its fetch watches for a 403
 * `insufficient_scope` (step-up).
 */
export function browserAuthFor(
  parts: BrowserAuthParts,
  server: string,
  url: string,
  dpop: DpopSetting | undefined,
): BackendAuth {
  const refresh = () => refreshTokens(parts, server, url, dpop);
  const watchingFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    watchStepUp(parts, server, response);
    return response;
  }) as typeof fetch;
  const authProvider: AuthProvider = {
    token: () => currentToken(parts, server, url, refresh),
    async onUnauthorized({ response }) {
      const params = parts.challenges.unauthorized(server, response);
      const record = await parts.store.recordFor(server, url);
      if (record === undefined || record.tokens === undefined) {
        throw signInRequired(
          server,
          `HTTP 401${params.error ? ` ${params.error}` : ''} from ${new URL(url).origin}`,
        );
      }
      try {
        if ((await refresh()) !== undefined) {
          // The transport retries the request once with the new token.
          return;
        }
      } catch (err) {
        parts.lastErrors.set(server, `refresh refused: ${explainSignInError(server, err).message}`);
        parts.log.warn('refresh failed; sign-in needed', { server, err: errorText(err) });
      }
      await parts.store.forgetTokens(server, record).catch(() => undefined);
      const why = parts.lastErrors.get(server) ?? 'the access token expired and cannot be refreshed';
      parts.events.needed(server, why);
      throw signInRequired(server, why);
    },
  };
  return { authProvider, fetch: parts.dpop.resourceFetch(server, url, watchingFetch) };
}

/** The stored access token, refreshed first when it is about to expire and can be. */
async function currentToken(
  parts: BrowserAuthParts,
  server: string,
  url: string,
  refresh: () => ReturnType<typeof refreshTokens>,
): Promise<string | undefined> {
  const record = await parts.store.recordFor(server, url);
  const tokens = record?.tokens;
  if (record === undefined || tokens === undefined) {
    return undefined;
  }
  if (
    record.expiresAt !== undefined &&
    parts.clock.now() >= record.expiresAt - parts.refreshMarginMs &&
    tokens.refresh_token
  ) {
    try {
      return (await refresh())?.tokens?.access_token ?? tokens.access_token;
    } catch (err) {
      // The 401 that follows decides: refresh once more there, else needs sign-in.
      parts.log.warn('refresh before expiry failed', { server, err: errorText(err) });
    }
  }
  return tokens.access_token;
}

/**
 * A 403 `insufficient_scope` means the user must grant more: the union of scopes is remembered
 * for the next sign-in, which is asked for at most `maxStepUps` times in ten minutes.
 */
function watchStepUp(parts: BrowserAuthParts, server: string, response: Response): void {
  const stepUp = parts.challenges.stepUp(server, response, parts.store.cached(server)?.tokens?.scope);
  if (stepUp?.kind === 'limit') {
    parts.lastErrors.set(server, stepUp.message);
    parts.log.warn('step-up limit reached', { server, scope: stepUp.scope });
  } else if (stepUp?.kind === 'ask') {
    parts.events.needed(server, stepUp.message);
  }
}
