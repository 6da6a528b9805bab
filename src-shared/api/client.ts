import { ERROR_CODES, type ErrorCode, GatewayError } from '../errors.js';
import { API_PREFIX, buildPath, type RouteDef, type RouteInput, type RouteOutput } from './contract.js';
import { isAbort, readSseBody } from './sse-reader.js';

// The SSE parser lives with the stream reading; the renderer's own event stream uses it from here.
export { createSseParser } from './sse-reader.js';

/**
 * A small typed client for the control API, used by the CLI and the renderer. It takes `fetch`
 * as a parameter and only needs the parts of it declared below, so it runs in Node and browsers.
 */

interface FetchResponseLike {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  readonly body: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array }>;
      cancel(reason?: unknown): Promise<void>;
    };
  } | null;
}

interface FetchInitLike {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: unknown;
}

type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

export interface ApiClientOptions {
  /** Gateway origin, e.g. `http://127.0.0.1:7411` (a trailing slash or `/api/v1` is fine). */
  baseUrl: string;
  token: string;
  fetch: FetchLike;
}

/** An error answer from the API (`{ code, message, field? }`), with the HTTP status. */
export class ApiError extends GatewayError {
  readonly status: number;
  constructor(status: number, code: ErrorCode, message: string, field?: string) {
    super(code, message, field === undefined ? undefined : { field });
    this.name = 'ApiError';
    this.status = status;
  }
}

/** The gateway could not be reached at all (nothing listening, DNS, refused). */
export class GatewayUnreachableError extends Error {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    super(`no gateway running at ${url} — start it with \`mcp-gateway serve\``, { cause });
    this.name = 'GatewayUnreachableError';
    this.url = url;
  }
}

interface StreamOptions<T> {
  onEvent: (data: T, meta: { id: string | undefined; event: string }) => void;
  /** Resume after this id (sent as Last-Event-ID). */
  lastEventId?: string;
  /** An AbortSignal (from the caller's runtime); aborting ends the stream quietly. */
  signal?: unknown;
}

export interface ApiClient {
  readonly baseUrl: string;
  /** Call a JSON route; resolves with its typed answer, rejects with ApiError / GatewayUnreachableError. */
  call<R extends RouteDef>(route: R, ...input: OptionalIfEmpty<RouteInput<R>>): Promise<RouteOutput<R>>;
  /** Read an SSE route until the server ends it or the signal aborts. Resolves when it ends. */
  stream<R extends RouteDef>(
    route: R,
    input: RouteInput<R>,
    options: StreamOptions<RouteOutput<R>>,
  ): Promise<void>;
  /** URL of a route (for links); query values are stringified. */
  url(route: RouteDef, input?: { params?: unknown; query?: unknown }): string;
}

type OptionalIfEmpty<T> = object extends T ? [input?: T] : [input: T];

interface LooseInput {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (query === undefined) {
    return '';
  }
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null) {
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    }
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function normaliseBase(baseUrl: string): string {
  let b = baseUrl.replace(/\/+$/, '');
  if (b.endsWith(API_PREFIX)) {
    b = b.slice(0, -API_PREFIX.length);
  }
  return b;
}

async function errorFrom(res: FetchResponseLike): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { code?: string; message?: string; field?: string };
    const code = (ERROR_CODES as readonly string[]).includes(body.code ?? '')
      ? (body.code as ErrorCode)
      : 'INTERNAL';
    return new ApiError(res.status, code, body.message ?? `HTTP ${res.status}`, body.field);
  } catch {
    return new ApiError(
      res.status,
      res.status === 404 ? 'NOT_FOUND' : 'INTERNAL',
      text.trim() || `HTTP ${res.status}`,
    );
  }
}

/** Sends a request with the token; a network failure becomes GatewayUnreachableError (an abort stays one). */
function createSender(
  base: string,
  options: ApiClientOptions,
  url: (route: RouteDef, input?: LooseInput) => string,
) {
  return async (route: RouteDef, input: LooseInput, extra: Record<string, string>, signal?: unknown) => {
    const target = url(route, input);
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, ...extra };
    const init: FetchInitLike = { method: route.method, headers };
    if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(input.body);
    }
    if (signal !== undefined) {
      init.signal = signal;
    }
    try {
      return await options.fetch(target, init);
    } catch (err) {
      if (isAbort(err)) {
        throw err;
      }
      throw new GatewayUnreachableError(base, err);
    }
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = normaliseBase(options.baseUrl);
  const url = (route: RouteDef, input?: { params?: unknown; query?: unknown }) =>
    base +
    API_PREFIX +
    buildPath(route.path, input?.params as Record<string, unknown> | undefined) +
    queryString(input?.query as Record<string, unknown> | undefined);
  const send = createSender(base, options, url);

  return {
    baseUrl: base,
    url,
    async call<R extends RouteDef>(
      route: R,
      ...args: OptionalIfEmpty<RouteInput<R>>
    ): Promise<RouteOutput<R>> {
      const input = (args[0] ?? {}) as LooseInput;
      const res = await send(route, input, { accept: 'application/json' });
      if (!res.ok) {
        throw await errorFrom(res);
      }
      const text = await res.text();
      return (text === '' ? undefined : JSON.parse(text)) as RouteOutput<R>;
    },
    async stream<R extends RouteDef>(route: R, input: RouteInput<R>, opts: StreamOptions<RouteOutput<R>>) {
      const extra: Record<string, string> = { accept: 'text/event-stream' };
      if (opts.lastEventId !== undefined) {
        extra['last-event-id'] = opts.lastEventId;
      }
      const res = await send(route, input as LooseInput, extra, opts.signal);
      if (!res.ok) {
        throw await errorFrom(res);
      }
      if (res.body === null) {
        return;
      }
      await readSseBody(res.body.getReader(), (e) => {
        opts.onEvent(JSON.parse(e.data) as RouteOutput<R>, { id: e.id, event: e.event });
      });
    },
  };
}
