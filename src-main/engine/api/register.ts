import type { Request, Response, Router } from 'express';
import type { z } from 'zod';

import type { ParsedInput, RouteDef, RouteOutput } from '../../../src-shared/api/contract.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { EngineContext } from '../types.js';
import { sendError, validationError } from './errors.js';
import type { SseHub, SseStream } from './sse.js';

/**
 * Mount route definitions from the contract on an express router: validate params, query and
 * body with the route's zod schemas, call the handler, check its answer against the response
 * schema, and apply the request timeout. Any area of the engine can reuse it for its own routes.
 */

interface HandlerArgs<R extends RouteDef> {
  input: ParsedInput<R>;
  ctx: EngineContext;
  req: Request;
  res: Response;
  /** Aborted when the client disconnects or the request times out. */
  signal: AbortSignal;
}

type JsonHandler<R extends RouteDef> = (args: HandlerArgs<R>) => Promise<RouteOutput<R>> | RouteOutput<R>;

/**
 * SSE handlers check their input first (errors then still answer as JSON), then call `open()` to
 * start the stream; `send` opens it too. A handler that returns without opening gets an open,
 * idle stream.
 */
type SseHandler<R extends RouteDef> = (
  args: HandlerArgs<R> & {
    open: () => SseStream;
    send: (event: string, data: RouteOutput<R>, id?: string | number) => void;
  },
) => void | Promise<void>;

type RouteHandler<R extends RouteDef> = R['kind'] extends 'sse' ? SseHandler<R> : JsonHandler<R>;

/** One handler per route id of the tuple `Rs`. */
export type RouteHandlers<Rs extends readonly RouteDef[]> = {
  [R in Rs[number] as R['id']]: RouteHandler<R>;
};

export interface RegisterOptions {
  /** Needed when the routes include SSE routes (stream cap, keep-alive). */
  sse?: SseHub;
  /** Routes whose work may run long (tool calls) get `limits.maxCallMs` instead. */
  longRunning?: readonly string[];
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: string): unknown {
  if (schema === undefined) {
    return undefined;
  }
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    throw validationError(r.error, part === 'body' ? [] : [part]);
  }
  return r.data;
}

type AnyHandler = (args: HandlerArgs<RouteDef> & { open?: () => SseStream; send?: unknown }) => unknown;

export function registerRoutes<const Rs extends readonly RouteDef[]>(
  router: Router,
  routes: Rs,
  handlers: RouteHandlers<Rs>,
  ctx: EngineContext,
  options: RegisterOptions = {},
): void {
  const table = handlers as unknown as Record<string, AnyHandler | undefined>;
  for (const route of routes) {
    const handler = table[route.id];
    if (handler === undefined) {
      throw new Error(`no handler for route ${route.id}`);
    }
    if (route.kind === 'sse' && options.sse === undefined) {
      throw new Error(`route ${route.id} streams events: pass an SseHub to registerRoutes`);
    }
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](route.path, async (req: Request, res: Response) => {
      const input = {
        params: parsePart(route.params, req.params, 'params'),
        query: parsePart(route.query, req.query, 'query'),
        body: parsePart(route.body, req.body, 'body'),
      } as ParsedInput<RouteDef>;
      const controller = new AbortController();
      res.on('close', () => controller.abort());
      if (route.kind === 'sse') {
        const hub = options.sse!;
        let stream: SseStream | undefined;
        const open = () => {
          if (stream === undefined) {
            stream = hub.open(req, res);
            stream.onClose(() => controller.abort());
          }
          return stream;
        };
        const send = (event: string, data: unknown, id?: string | number) => open().send(event, data, id);
        await handler({ input, ctx, req, res, signal: controller.signal, open, send });
        open();
        return;
      }
      const limits = ctx.config.current().gateway.limits;
      const timeoutMs = options.longRunning?.includes(route.id) ? limits.maxCallMs : limits.requestTimeoutMs;
      const timer = ctx.clock.setTimeout(() => {
        controller.abort();
        sendError(res, 'TIMEOUT', `${route.method} ${req.originalUrl} took longer than ${timeoutMs} ms`);
      }, timeoutMs);
      try {
        const out = await handler({ input, ctx, req, res, signal: controller.signal });
        if (res.headersSent) {
          return;
        }
        const checked = route.response.safeParse(out);
        if (!checked.success) {
          throw new GatewayError(
            'INTERNAL',
            `answer of ${route.id} does not match the API contract: ${checked.error.message}`,
          );
        }
        res.status(route.status ?? 200).json(checked.data);
      } finally {
        ctx.clock.clearTimeout(timer);
      }
    });
  }
}
