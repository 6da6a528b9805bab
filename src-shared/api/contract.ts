import { z } from 'zod';

import { ERROR_CODES } from '../errors.js';

/**
 * The shape of one REST route, declared once and used by the engine (validation), the API client
 * (types and URL building), the CLI and the OpenAPI generator. Paths are relative to `API_PREFIX`
 * and use `:param` segments.
 */

export const API_PREFIX = '/api/v1';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `json` answers a JSON body; `sse` answers a `text/event-stream` of `events`. */
type RouteKind = 'json' | 'sse';

export interface RouteDef {
  /** Stable operation id (OpenAPI `operationId`, handler key), e.g. `servers.list`. */
  readonly id: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly kind: RouteKind;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** JSON body for `json` routes; the `data` of each event for `sse` routes. */
  readonly response: z.ZodType;
  /** Success status (default 200). */
  readonly status?: number;
}

/** Declare a route, keeping its literal types for the client and handler typing. */
export function defineRoute<const R extends RouteDef>(route: R): R {
  return route;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a caller passes: only the parts the route declares. */
export type RouteInput<R extends RouteDef> = (R['params'] extends z.ZodType
  ? { params: In<R['params']> }
  : object) &
  (R['query'] extends z.ZodType ? { query?: In<R['query']> } : object) &
  (R['body'] extends z.ZodType ? { body: In<R['body']> } : object);

/** What a handler receives after validation (defaults applied). */
export interface ParsedInput<R extends RouteDef> {
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: Out<R['body']>;
}

export type RouteOutput<R extends RouteDef> = z.output<R['response']>;

export const ErrorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** `/servers/:name` → `/servers/{name}` (OpenAPI style). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Fill `:param` segments (URL-encoded). Throws when a param is missing. */
export function buildPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_m, key: string) => {
    const v = params?.[key];
    if (v === undefined || v === null || v === '') {
      throw new Error(`missing path parameter "${key}" for ${path}`);
    }
    return encodeURIComponent(String(v));
  });
}
