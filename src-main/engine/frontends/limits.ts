import type { ServerResponse } from 'node:http';

import type { GatewayConfig } from '../../../src-shared/config.js';
import type { ConfigStore, Disposable } from '../types.js';
import { sendJsonRpcError } from './http-util.js';

/** The parts of `gateway.limits` (and the mode) the frontends enforce. */
export interface Limits {
  maxBodyBytes: number;
  maxSessions: number;
  sessionIdleMs: number;
  sessionInitTimeoutMs: number;
  maxBatchSize: number;
  maxInFlightPerSession: number;
  bodyTimeoutMs: number;
  maxStreamBufferBytes: number;
  mode: 'all' | 'meta';
}

export function limitsOf(config: GatewayConfig): Limits {
  const g = config.gateway;
  return {
    maxBodyBytes: g.limits.maxBodyBytes,
    maxSessions: g.limits.maxSessions,
    sessionIdleMs: g.limits.sessionIdleMs,
    sessionInitTimeoutMs: g.limits.sessionInitTimeoutMs,
    maxBatchSize: g.limits.maxBatchSize,
    maxInFlightPerSession: g.limits.maxInFlightPerSession,
    bodyTimeoutMs: g.limits.bodyTimeoutMs,
    maxStreamBufferBytes: g.limits.maxStreamBufferBytes,
    mode: g.mode,
  };
}

/**
 * The limits, read live: one object, updated in place on every config change, so every module
 * holds the same reference and a request reads a field without a call.
 */
export function liveLimits(config: ConfigStore): { limits: Limits; subscription: Disposable } {
  const limits = limitsOf(config.current());
  const subscription = config.onChange((next) => {
    Object.assign(limits, limitsOf(next));
  });
  return { limits, subscription };
}

/** How many requests a body carries (each gets an answer, so each holds an in-flight slot). */
export function requestCount(body: unknown): number {
  if (Array.isArray(body)) {
    let n = 0;
    for (const m of body) {
      n += requestCount(m);
    }
    return n;
  }
  const m = body as { id?: unknown; method?: unknown } | null;
  return typeof m === 'object' && m !== null && m.id !== undefined && m.method !== undefined ? 1 : 0;
}

export function tooManyInFlight(res: ServerResponse, inFlight: number): void {
  sendJsonRpcError(
    res,
    429,
    -32000,
    `This session already has ${inFlight} requests in flight, its limit (gateway.limits.maxInFlightPerSession). Wait for answers before sending more.`,
    { 'retry-after': '1' },
  );
}
