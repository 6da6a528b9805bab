import { randomBytes, randomUUID } from 'node:crypto';

import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  createRequestStateCodec,
  inputRequired,
  type InputRequest,
  type InputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';

import type { ClientRequestMethod, InputChannel } from '../catalog/index.js';
import { needsCapability } from './capabilities.js';
import type { Clock, TimerHandle } from '../types.js';

/** The single input request key per round: a backend asks one thing at a time. */
const KEY = 'in';

interface PendingInput {
  method: ClientRequestMethod;
  params: Record<string, unknown> | undefined;
  resolve: (result: Record<string, unknown>) => void;
  reject: (err: unknown) => void;
}

interface Parked {
  id: string;
  /** Settles when the backend call does; `done` holds the outcome once it has. */
  call: Promise<void>;
  done?: { ok: true; value: Record<string, unknown> } | { ok: false; error: unknown };
  queue: PendingInput[];
  /** The input request answered by the next round. */
  asked: PendingInput | undefined;
  /** Wakes the round currently waiting. */
  wake: (() => void) | undefined;
  abort: AbortController;
  expiry: TimerHandle | undefined;
  /** Where progress goes: the round currently open. */
  progress: ((p: { progress: number; total?: number; message?: string }) => void) | undefined;
}

export interface ModernRound {
  /** Pass to the catalog call: the input channel for this call. */
  input: InputChannel;
  signal: AbortSignal;
  /** Progress of the backend call, delivered to whichever round is open. */
  onProgress(p: { progress: number; total?: number; message?: string }): void;
}

/**
 * Bridges server→client requests of a backend to 2026-07-28 clients, which have no such channel:
 * the backend call stays running (parked) while the gateway answers the client with
 * `input_required`; the client's retry carries the answer, which resumes the parked request.
 * `requestState` is HMAC-sealed (clients could forge it) and parked calls expire.
 */
export interface MrtrBridge {
  /** Verify hook for `ServerOptions.requestState.verify`. */
  verify: RequestStateCodec<{ k: string }>['verify'];
  run(
    ctx: ServerContext,
    start: (round: ModernRound) => Promise<Record<string, unknown>>,
    progress?: (p: { progress: number; total?: number; message?: string }) => void,
  ): Promise<Record<string, unknown> | InputRequiredResult>;
  close(): void;
  /** Calls currently parked (for tests and metrics). */
  size(): number;
}

export function createMrtrBridge(clock: Clock, ttlMs = 10 * 60_000): MrtrBridge {
  const codec = createRequestStateCodec<{ k: string }>({ key: randomBytes(32), ttlSeconds: Math.ceil(ttlMs / 1000) });
  const parked = new Map<string, Parked>();

  function drop(p: Parked, reason: string): void {
    parked.delete(p.id);
    clock.clearTimeout(p.expiry);
    if (p.done === undefined) {
      p.abort.abort(new Error(reason));
    }
    for (const q of [...p.queue, ...(p.asked ? [p.asked] : [])]) {
      q.reject(new ProtocolError(ProtocolErrorCode.InternalError, reason));
    }
    p.queue = [];
    p.asked = undefined;
  }

  function armExpiry(p: Parked): void {
    clock.clearTimeout(p.expiry);
    p.expiry = clock.setTimeout(() => drop(p, 'The client did not continue the tool call in time.'), ttlMs);
    p.expiry.unref?.();
  }

  function toInputRequest(q: PendingInput): InputRequest {
    const params = q.params ?? {};
    switch (q.method) {
      case 'sampling/createMessage':
        return inputRequired.createMessage(params as Parameters<typeof inputRequired.createMessage>[0]);
      case 'roots/list':
        return inputRequired.listRoots();
      case 'elicitation/create':
        if (params['mode'] === 'url') {
          return inputRequired.elicitUrl({ message: String(params['message'] ?? ''), url: String(params['url'] ?? '') });
        }
        return inputRequired.elicit(params as Parameters<typeof inputRequired.elicit>[0]);
    }
  }

  return {
    // A state this gateway did not mint belongs to a 2026-era backend: the handler gets it as the
    // raw string and relays it untouched (the backend verifies it); the bridge refuses it.
    verify: async (state, ctx) => {
      try {
        return await codec.verify(state, ctx);
      } catch {
        return undefined as never;
      }
    },
    size: () => parked.size,
    async run(ctx, start, progress) {
      const state = ctx.mcpReq.requestState<{ k: string }>();
      let p: Parked | undefined;
      if (typeof state === 'string') {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid or expired requestState', { reason: 'invalid_request_state' });
      }
      if (state !== undefined && typeof state === 'object' && typeof state.k === 'string') {
        p = parked.get(state.k);
        if (p === undefined) {
          throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'This tool call is no longer waiting for input (it finished or expired). Call the tool again.');
        }
        const asked = p.asked;
        p.asked = undefined;
        if (asked !== undefined) {
          const answer = ctx.mcpReq.inputResponses?.[KEY];
          if (answer !== null && typeof answer === 'object') {
            asked.resolve(answer as Record<string, unknown>);
          } else {
            asked.reject(new ProtocolError(ProtocolErrorCode.InternalError, `The client did not answer ${asked.method}.`));
          }
        }
      } else {
        const entry: Parked = {
          id: randomUUID(),
          call: Promise.resolve(),
          queue: [],
          asked: undefined,
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
        p = entry;
        parked.set(entry.id, entry);
      }
      const current = p;
      current.progress = progress;
      // Wait for the call to finish or to need input, whichever comes first; a client that goes
      // away mid-round cancels the backend call.
      const onAbort = () => {
        drop(current, 'The client cancelled the tool call.');
        current.wake?.();
      };
      ctx.mcpReq.signal.addEventListener('abort', onAbort, { once: true });
      try {
        clock.clearTimeout(current.expiry);
        // Each 2026-07-28 request carries the client's capabilities in its envelope.
        const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
        const declared = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
        let next: PendingInput | undefined;
        // Bounded by the call itself: each wake is a settle or a new input request.
        while (next === undefined) {
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
            parked.delete(current.id);
            if (current.done.ok) {
              return current.done.value;
            }
            throw current.done.error;
          }
          const asked = current.queue.shift() as PendingInput;
          // A request this client cannot answer goes back to the backend as an error; asking
          // anyway would fail the client's whole tool call.
          const missing = needsCapability(declared, asked.method, asked.params);
          if (missing === undefined) {
            next = asked;
          } else {
            asked.reject(
              new ProtocolError(
                ProtocolErrorCode.MethodNotFound,
                `The client does not support ${missing}, so the gateway cannot forward ${asked.method} to it.`,
              ),
            );
          }
        }
        current.asked = next;
        armExpiry(current);
        return inputRequired({ inputRequests: { [KEY]: toInputRequest(next) }, requestState: await codec.mint({ k: current.id }) });
      } finally {
        ctx.mcpReq.signal.removeEventListener('abort', onAbort);
      }
    },
    close() {
      for (const p of [...parked.values()]) {
        drop(p, 'The gateway is shutting down.');
      }
    },
  };
}
