import { randomUUID } from 'node:crypto';

import { ProtocolError, ProtocolErrorCode, type RequestStateCodec } from '@modelcontextprotocol/server';

import type { ClientRequestMethod, InputChannel } from '../catalog/index.js';
import type { Clock, TimerHandle } from '../types.js';

export type Progress = (p: { progress: number; total?: number; message?: string }) => void;

/** What a round of a 2026-07-28 call gives the catalog call it starts. */
export interface ModernRound {
  /** Pass to the catalog call: the input channel for this call. */
  input: InputChannel;
  signal: AbortSignal;
  /** Progress of the backend call, delivered to whichever round is open. */
  onProgress: Progress;
}

/** A request the backend sent to the client, waiting for a round to ask it. */
export interface PendingInput {
  method: ClientRequestMethod;
  params: Record<string, unknown> | undefined;
  resolve: (result: Record<string, unknown>) => void;
  reject: (err: unknown) => void;
}

/** A backend call kept running between a client's rounds. */
export interface Parked {
  id: string;
  /** Settles when the backend call does; `done` holds the outcome once it has. */
  call: Promise<void>;
  done?: { ok: true; value: Record<string, unknown> } | { ok: false; error: unknown };
  queue: PendingInput[];
  /** The input requests the next round answers, in key order. */
  asked: PendingInput[];
  /** Rounds answered with input_required so far. */
  round: number;
  /** Wakes the round currently waiting. */
  wake: (() => void) | undefined;
  abort: AbortController;
  expiry: TimerHandle | undefined;
  /** Where progress goes: the round currently open. */
  progress: Progress | undefined;
}

/** What the parts of one bridge share. */
export interface MrtrState {
  readonly clock: Clock;
  /** How long a parked call waits for the client's next round. */
  readonly ttlMs: number;
  readonly codec: RequestStateCodec<{ k: string; r?: number }>;
  readonly parked: Map<string, Parked>;
}

/**
 * Start the backend call of a client's first round and park it: requests the backend sends the
 * client queue up (and wake the round waiting), the outcome is kept in `done`.
 */
export function park(st: MrtrState, start: (round: ModernRound) => Promise<Record<string, unknown>>): Parked {
  const entry: Parked = {
    id: randomUUID(),
    call: Promise.resolve(),
    queue: [],
    asked: [],
    round: 0,
    wake: undefined,
    abort: new AbortController(),
    expiry: undefined,
    progress: undefined,
  };
  const input: InputChannel = {
    request: (method, params, signal) =>
      new Promise((resolve, reject) => {
        const q: PendingInput = { method, params, resolve, reject };
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        entry.queue.push(q);
        entry.wake?.();
      }),
  };
  entry.call = start({
    input,
    signal: entry.abort.signal,
    onProgress: (pr) => entry.progress?.(pr),
  }).then(
    (value) => {
      entry.done = { ok: true, value };
      entry.wake?.();
    },
    (error: unknown) => {
      entry.done = { ok: false, error };
      entry.wake?.();
    },
  );
  st.parked.set(entry.id, entry);
  return entry;
}

/** Forget a parked call: cancel the backend call if it still runs and fail what it asked. */
export function drop(st: MrtrState, p: Parked, reason: string): void {
  st.parked.delete(p.id);
  st.clock.clearTimeout(p.expiry);
  if (p.done === undefined) {
    p.abort.abort(new Error(reason));
  }
  for (const q of [...p.queue, ...p.asked]) {
    q.reject(new ProtocolError(ProtocolErrorCode.InternalError, reason));
  }
  p.queue = [];
  p.asked = [];
}

/** The client has `ttlMs` to send its next round, or the call is dropped. */
export function armExpiry(st: MrtrState, p: Parked): void {
  st.clock.clearTimeout(p.expiry);
  p.expiry = st.clock.setTimeout(
    () => drop(st, p, 'The client did not continue the tool call in time.'),
    st.ttlMs,
  );
  p.expiry.unref?.();
}
