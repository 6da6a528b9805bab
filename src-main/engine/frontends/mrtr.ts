import { randomBytes, randomUUID } from 'node:crypto';

import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  createRequestStateCodec,
  type InputRequest,
  inputRequired,
  type InputRequiredResult,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';

import type { ClientRequestMethod, InputChannel } from '../catalog/index.js';
import type { Clock, TimerHandle } from '../types.js';
import { needsCapability, requiredCapabilities } from './capabilities.js';

/**
 * Input request keys of a round. A 2025-era request carries no key of its own, so the gateway
 * names them: `in` for the first, `in2`, `in3`, ... for requests the backend sent alongside it.
 */
const keyOf = (i: number): string => (i === 0 ? 'in' : `in${i + 1}`);

/**
 * Requests a backend sends together (the SDK's legacy shim sends a round's legs at once) reach
 * the gateway one by one, and on a busy machine milliseconds apart: the round is answered once
 * none has come for this long (human input follows, so the wait does not matter), at most after
 * `SETTLE_MAX_MS`. A request that still comes later is asked in the next round.
 */
const SETTLE_QUIET_MS = 30;
const SETTLE_MAX_MS = 300;

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
  /** The input requests the next round answers, in key order. */
  asked: PendingInput[];
  /** Rounds answered with input_required so far. */
  round: number;
  /** Wakes the round currently waiting. */
  wake: (() => void) | undefined;
  abort: AbortController;
  expiry: TimerHandle | undefined;
  /** Where progress goes: the round currently open. */
  progress: ((p: { progress: number; total?: number; message?: string }) => void) | undefined;
}

interface ModernRound {
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
  verify: RequestStateCodec<{ k: string; r?: number }>['verify'];
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
  const codec = createRequestStateCodec<{ k: string; r?: number }>({
    key: randomBytes(32),
    ttlSeconds: Math.ceil(ttlMs / 1000),
  });
  const parked = new Map<string, Parked>();

  function drop(p: Parked, reason: string): void {
    parked.delete(p.id);
    clock.clearTimeout(p.expiry);
    if (p.done === undefined) {
      p.abort.abort(new Error(reason));
    }
    for (const q of [...p.queue, ...p.asked]) {
      q.reject(new ProtocolError(ProtocolErrorCode.InternalError, reason));
    }
    p.queue = [];
    p.asked = [];
  }

  function armExpiry(p: Parked): void {
    clock.clearTimeout(p.expiry);
    p.expiry = clock.setTimeout(() => drop(p, 'The client did not continue the tool call in time.'), ttlMs);
    p.expiry.unref?.();
  }

  async function settle(queue: readonly unknown[]): Promise<void> {
    for (let waited = 0; waited < SETTLE_MAX_MS; waited += SETTLE_QUIET_MS) {
      const before = queue.length;
      await new Promise<void>((resolve) => clock.setTimeout(resolve, SETTLE_QUIET_MS));
      if (queue.length === before) {
        return;
      }
    }
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
          return inputRequired.elicitUrl({
            message: String(params['message'] ?? ''),
            url: String(params['url'] ?? ''),
          });
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
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid or expired requestState', {
          reason: 'invalid_request_state',
        });
      }
      if (state !== undefined && typeof state === 'object' && typeof state.k === 'string') {
        p = parked.get(state.k);
        if (p === undefined) {
          throw new ProtocolError(
            ProtocolErrorCode.InvalidParams,
            'This tool call is no longer waiting for input (it finished or expired). Call the tool again.',
          );
        }
        const asked = p.asked;
        p.asked = [];
        asked.forEach((q, i) => {
          const answer = ctx.mcpReq.inputResponses?.[keyOf(i)];
          if (answer !== null && typeof answer === 'object') {
            q.resolve(answer as Record<string, unknown>);
          } else {
            q.reject(
              new ProtocolError(ProtocolErrorCode.InternalError, `The client did not answer ${q.method}.`),
            );
          }
        });
      } else {
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
            parked.delete(current.id);
            if (current.done.ok) {
              return current.done.value;
            }
            throw current.done.error;
          }
          await settle(current.queue);
          const asked = current.queue.splice(0);
          // A 2025-era backend asks for roots on its own initiative (at start, after a
          // roots/list_changed), not for the call that happens to be running; it heard the
          // gateway's capabilities, not this client's. A client without roots answers it as a
          // 2025-era client would (method not found) and the call goes on.
          const next = asked.filter((q) => {
            if (q.method === 'roots/list' && needsCapability(declared, q.method, q.params) !== undefined) {
              q.reject(
                new ProtocolError(ProtocolErrorCode.MethodNotFound, 'The client does not support roots.'),
              );
              return false;
            }
            return true;
          });
          if (next.length === 0) {
            continue;
          }
          // A request needs a capability this client did not declare: as a 2026-07-28 server
          // must, the gateway refuses the client's request with -32021 (HTTP 400) naming it, and
          // the backend call (which cannot go on as asked) is cancelled.
          const unanswerable = next.filter(
            (q) => needsCapability(declared, q.method, q.params) !== undefined,
          );
          if (unanswerable.length > 0) {
            const missing = unanswerable
              .map((q) => needsCapability(declared, q.method, q.params))
              .join(' and ');
            for (const q of next) {
              q.reject(
                new ProtocolError(
                  ProtocolErrorCode.MethodNotFound,
                  `The client does not support ${missing}.`,
                ),
              );
            }
            drop(current, `The client does not support ${missing}.`);
            throw new MissingRequiredClientCapabilityError(
              {
                requiredCapabilities: Object.assign(
                  {},
                  ...unanswerable.map((q) => requiredCapabilities(q.method, q.params)),
                ),
              },
              `The request needs ${missing}, which this client did not declare. Declare the capability in _meta and send it again.`,
            );
          }
          current.asked = next;
          armExpiry(current);
          const inputRequests = Object.fromEntries(next.map((q, i) => [keyOf(i), toInputRequest(q)]));
          // A new state each round, as a server's would be (the round number tells them apart).
          current.round += 1;
          return inputRequired({
            inputRequests,
            requestState: await codec.mint({ k: current.id, r: current.round }),
          });
        }
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
