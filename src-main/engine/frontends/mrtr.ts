import { randomBytes } from 'node:crypto';

import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  createRequestStateCodec,
  inputRequired,
  type InputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';

import type { Clock } from '../types.js';
import { applyAnswers, openRound } from './mrtr-inputs.js';
import { drop, type ModernRound, type MrtrState, park, type Parked, type Progress } from './mrtr-parked.js';
import { refuseUnanswerable, withoutUnaskedRoots } from './mrtr-refusals.js';

/**
 * Requests a backend sends together (the SDK's legacy shim sends a round's legs at once) reach
 * the gateway one by one, and on a busy machine milliseconds apart: the round is answered once
 * none has come for this long (human input follows, so the wait does not matter), at most after
 * `SETTLE_MAX_MS`. A request that still comes later is asked in the next round.
 */
const SETTLE_QUIET_MS = 30;
const SETTLE_MAX_MS = 300;

/**
 * Bridges server→client requests of a backend to 2026-07-28 clients, which have no such channel:
 * the backend call stays running (parked) while the gateway answers the client with
 * `input_required`; the client's retry carries the answer, which resumes the parked request.
 * `requestState` is HMAC-sealed (clients could forge it) and parked calls expire.
 */
export interface MrtrBridge {
  /** Verify hook for `ServerOptions.requestState.verify`. */
  verify: RequestStateCodec<{ k: string; r?: number }>['verify'];
  run(
    ctx: ServerContext,
    start: (round: ModernRound) => Promise<Record<string, unknown>>,
    progress?: Progress,
  ): Promise<Record<string, unknown> | InputRequiredResult>;
  close(): void;
  /** Calls currently parked (for tests and metrics). */
  size(): number;
}

export function createMrtrBridge(clock: Clock, ttlMs = 10 * 60_000): MrtrBridge {
  const st: MrtrState = {
    clock,
    ttlMs,
    codec: createRequestStateCodec<{ k: string; r?: number }>({
      key: randomBytes(32),
      ttlSeconds: Math.ceil(ttlMs / 1000),
    }),
    parked: new Map(),
  };
  return {
    // A state this gateway did not mint belongs to a 2026-era backend: the handler gets it as the
    // raw string and relays it untouched (the backend verifies it); the bridge refuses it.
    verify: async (state, ctx) => {
      try {
        return await st.codec.verify(state, ctx);
      } catch {
        return undefined as never;
      }
    },
    size: () => st.parked.size,
    run: (ctx, start, progress) => runRound(st, ctx, start, progress),
    close() {
      for (const p of [...st.parked.values()]) {
        drop(st, p, 'The gateway is shutting down.');
      }
    },
  };
}

/** The parked call a retry continues (its answers applied), or a new call for a first request. */
function callOf(
  st: MrtrState,
  ctx: ServerContext,
  start: (round: ModernRound) => Promise<Record<string, unknown>>,
): Parked {
  const state = ctx.mcpReq.requestState<{ k: string }>();
  if (typeof state === 'string') {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid or expired requestState', {
      reason: 'invalid_request_state',
    });
  }
  if (state !== undefined && typeof state === 'object' && typeof state.k === 'string') {
    const p = st.parked.get(state.k);
    if (p === undefined) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        'This tool call is no longer waiting for input (it finished or expired). Call the tool again.',
      );
    }
    applyAnswers(p, ctx.mcpReq.inputResponses);
    return p;
  }
  return park(st, start);
}

/**
 * One request of a 2026-07-28 client: wait for the call to finish or to need input, whichever
 * comes first, and answer with its result or with `input_required`. A client that goes away
 * mid-round cancels the backend call.
 */
async function runRound(
  st: MrtrState,
  ctx: ServerContext,
  start: (round: ModernRound) => Promise<Record<string, unknown>>,
  progress: Progress | undefined,
): Promise<Record<string, unknown> | InputRequiredResult> {
  const current = callOf(st, ctx, start);
  current.progress = progress;
  const onAbort = () => {
    drop(st, current, 'The client cancelled the tool call.');
    current.wake?.();
  };
  ctx.mcpReq.signal.addEventListener('abort', onAbort, { once: true });
  try {
    st.clock.clearTimeout(current.expiry);
    // Each 2026-07-28 request carries the client's capabilities in its envelope.
    const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
    const declared = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
    // Bounded by the call itself: each wake is a settle or a new input request.
    for (;;) {
      while (current.done === undefined && current.queue.length === 0) {
        await new Promise<void>((resolve) => {
          current.wake = resolve;
        });
        current.wake = undefined;
        if (ctx.mcpReq.signal.aborted) {
          throw new ProtocolError(ProtocolErrorCode.InternalError, 'The client cancelled the tool call.');
        }
      }
      if (current.done !== undefined) {
        st.parked.delete(current.id);
        if (current.done.ok) {
          return current.done.value;
        }
        throw current.done.error;
      }
      await settle(st.clock, current.queue);
      const next = withoutUnaskedRoots(current.queue.splice(0), declared);
      if (next.length === 0) {
        continue;
      }
      refuseUnanswerable(st, current, next, declared);
      const inputRequests = openRound(st, current, next);
      return inputRequired({
        inputRequests,
        requestState: await st.codec.mint({ k: current.id, r: current.round }),
      });
    }
  } finally {
    ctx.mcpReq.signal.removeEventListener('abort', onAbort);
  }
}

/** Wait until no new request has come for `SETTLE_QUIET_MS`, at most `SETTLE_MAX_MS`. */
async function settle(clock: Clock, queue: readonly unknown[]): Promise<void> {
  for (let waited = 0; waited < SETTLE_MAX_MS; waited += SETTLE_QUIET_MS) {
    const before = queue.length;
    await new Promise<void>((resolve) => clock.setTimeout(resolve, SETTLE_QUIET_MS));
    if (queue.length === before) {
      return;
    }
  }
}
