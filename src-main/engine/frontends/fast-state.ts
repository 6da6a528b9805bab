import { ProtocolError, ProtocolErrorCode, type Server } from '@modelcontextprotocol/server';

import type { CallAbort } from '../call-abort.js';
import type { Catalog, Scope } from '../catalog/index.js';
import type { Logger } from '../types.js';
import type { ReplyContext } from './fast-reply.js';
import type { MetaTools } from './handlers.js';

/** A 2025-era session as the fast path sees it. */
export interface FastSession {
  readonly id: string;
  readonly server: Server;
  readonly scope: Scope;
  readonly meta: MetaTools | undefined;
  clientName(): string;
  /** The caller's profile, for call records (absent without a token). */
  readonly profile: string | undefined;
}

export type JsonRpcId = string | number;

/** A request sent from here to the client, waiting for its answer. */
export interface Ask {
  resolve(result: Record<string, unknown>): void;
  reject(err: unknown): void;
}

/** What the fast path holds for one session: its calls in flight and its questions to the client. */
export interface SessionState {
  calls: Map<JsonRpcId, CallAbort>;
  asks: Map<string, Ask>;
}

/** The one object every part of a fast path shares (created once; a call reads its fields). */
export interface FastPathState {
  readonly catalog: Catalog;
  readonly logger: Logger;
  readonly replies: ReplyContext;
  readonly states: Map<string, SessionState>;
  /** Serialised tools/list results, per list array: the catalog swaps the array when the list changes. */
  readonly listJson: WeakMap<object, string>;
  /** Each tools/list result answered, as sent (the start-up answers keep them, see early/). */
  readonly onToolsList: ((sessionId: string, result: string) => void) | undefined;
  /** The last number given to a request sent to a client. */
  askSeq: number;
}

/** The session's state, created on its first call. */
export function stateOf(fp: FastPathState, sessionId: string): SessionState {
  let st = fp.states.get(sessionId);
  if (st === undefined) {
    st = { calls: new Map(), asks: new Map() };
    fp.states.set(sessionId, st);
  }
  return st;
}

/** Tool calls of the session answered here and still running. */
export function inFlight(fp: FastPathState, sessionId: string): number {
  return fp.states.get(sessionId)?.calls.size ?? 0;
}

/** The session ended: its calls are aborted (cancelled upstream) and its questions fail. */
export function dropSession(fp: FastPathState, sessionId: string): void {
  const st = fp.states.get(sessionId);
  if (st === undefined) {
    return;
  }
  fp.states.delete(sessionId);
  for (const call of st.calls.values()) {
    call.abort(new ProtocolError(ProtocolErrorCode.InternalError, 'The client session ended.'));
  }
  for (const ask of [...st.asks.values()]) {
    ask.reject(new ProtocolError(ProtocolErrorCode.InternalError, 'The client session ended.'));
  }
}
