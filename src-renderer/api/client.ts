import {
  type ApiClient as SharedApiClient,
  ApiError,
  createApiClient as createSharedClient,
  GatewayUnreachableError,
} from '../../src-shared/api/client.js';
import type { RouteDef, RouteInput, RouteOutput } from '../../src-shared/api/contract.js';
import { helpFor } from '../lib/error-help.js';

/**
 * The renderer's face of the typed API client from src-shared/api: every call names a route
 * declared in the contract. This wrapper only adds what the UI needs: telling the connection
 * store about a refused token, and the headers for the live streams.
 */

export { ApiError, GatewayUnreachableError };

type OptionalIfEmpty<T> = object extends T ? [input?: T] : [input: T];

export interface ApiClientOptions {
  apiBase: string;
  token: string | undefined;
  onUnauthorized?: (err: ApiError) => void;
}

export interface ApiClient {
  call<R extends RouteDef>(route: R, ...input: OptionalIfEmpty<RouteInput<R>>): Promise<RouteOutput<R>>;
  url(route: RouteDef, input?: { params?: unknown; query?: unknown }): string;
  /** Authorization for requests made outside the client (the SSE readers). */
  headers(): Record<string, string>;
  readonly apiBase: string;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const shared: SharedApiClient = createSharedClient({
    baseUrl: opts.apiBase,
    token: opts.token ?? '',
    // The page's fetch, with the same credentials policy for every call.
    fetch: (url, init) => fetch(url, { ...(init as RequestInit), cache: 'no-store' }),
  });
  return {
    apiBase: opts.apiBase,
    url: (route, input) => shared.url(route, input),
    headers: (): Record<string, string> =>
      opts.token === undefined ? {} : { Authorization: `Bearer ${opts.token}` },
    async call(route, ...input) {
      try {
        return await shared.call(route, ...input);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          opts.onUnauthorized?.(err);
        }
        throw err;
      }
    },
  };
}

/** Anything thrown, as a message plus what the person can do about it. */
export function describeError(err: unknown): {
  message: string;
  help: string | undefined;
  code: string | undefined;
} {
  if (err instanceof ApiError) {
    return { message: sentence(err.message), help: helpFor(err.code), code: err.code };
  }
  if (err instanceof GatewayUnreachableError) {
    return { message: 'Cannot reach the gateway.', help: helpFor('UNREACHABLE'), code: 'UNREACHABLE' };
  }
  if (err instanceof TypeError && /fetch/i.test(err.message)) {
    return { message: 'Cannot reach the gateway.', help: helpFor('UNREACHABLE'), code: 'UNREACHABLE' };
  }
  return {
    message: sentence(err instanceof Error ? err.message : String(err)),
    help: undefined,
    code: undefined,
  };
}

/** Engine messages are lower-case clauses; on screen they read as sentences. */
function sentence(s: string): string {
  const t = s.trim();
  if (t === '') {
    return t;
  }
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
