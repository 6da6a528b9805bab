import type { EngineContext } from '../../src-main/engine/types.js';

/**
 * What a route handler is called with, for calling one directly: the engine's context, the
 * parsed input, a request without headers and a signal that never aborts (`extra` adds SSE's
 * `open`/`send` or a request). Typed loosely on purpose: each test passes the input its route takes.
 */
export function handlerArgs(ctx: EngineContext, input: unknown, extra: Record<string, unknown> = {}): never {
  return {
    ctx,
    input,
    req: { headers: {} },
    res: {},
    signal: new AbortController().signal,
    ...extra,
  } as never;
}
