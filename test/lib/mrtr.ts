/** Pieces the multi-round-trip bridge's unit tests share: its state on a manual clock, a pending request. */
import { randomBytes } from 'node:crypto';

import { createRequestStateCodec } from '@modelcontextprotocol/server';

import type { ClientRequestMethod } from '../../src-main/engine/catalog/index.js';
import type { MrtrState, PendingInput } from '../../src-main/engine/frontends/mrtr-parked.js';
import { type ManualClock, manualClock } from './clock.js';

export function mrtrState(ttlMs = 60_000): MrtrState & { clock: ManualClock } {
  return {
    clock: manualClock(),
    ttlMs,
    codec: createRequestStateCodec({ key: randomBytes(32), ttlSeconds: Math.ceil(ttlMs / 1000) }),
    parked: new Map(),
  };
}

/** A request the backend sent, with how it settled. */
export function pending(
  method: ClientRequestMethod,
  params?: Record<string, unknown>,
): PendingInput & { outcome: { value?: unknown; error?: unknown } | undefined } {
  const q = {
    method,
    params,
    outcome: undefined as { value?: unknown; error?: unknown } | undefined,
    resolve: (value: Record<string, unknown>) => {
      q.outcome = { value };
    },
    reject: (error: unknown) => {
      q.outcome = { error };
    },
  };
  return q;
}
