import type { ServerResponse } from 'node:http';

import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import { CallAbort } from '../call-abort.js';
import type { ForwardContext } from '../catalog/index.js';
import { inputFor } from './fast-asks.js';
import { accepted, errorMessage, Reply, resultMessage, unserialisable } from './fast-reply.js';
import { type FastPathState, type FastSession, type JsonRpcId, stateOf } from './fast-state.js';
import { callInScope, mirrorStructured } from './handlers.js';

/**
 * The session's `logging/setLevel` threshold, as the SDK path applies it (the Server keeps the
 * level per session; its check is not in the typed surface, so it is read defensively).
 */
export function logIgnored(session: FastSession, level: string): boolean {
  const check = (
    session.server as unknown as { isMessageIgnored?: (level: string, sessionId: string) => boolean }
  ).isMessageIgnored;
  return typeof check === 'function' ? check.call(session.server, level, session.id) : false;
}

/** One tools/call, forwarded through the catalog and answered on `res` (JSON, or SSE when it must). */
export function callTool(
  fp: FastPathState,
  session: FastSession,
  id: JsonRpcId,
  params: Record<string, unknown>,
  meta: Record<string, unknown> | undefined,
  res: ServerResponse,
): void {
  const st = stateOf(fp, session.id);
  const reply = new Reply(res, session.id, fp.replies);
  reply.streamLater();
  const abort = new CallAbort();
  reply.call = abort;
  st.calls.set(id, abort);
  const fc: ForwardContext = {
    client: session.clientName(),
    profile: session.profile,
    sessionId: session.id,
    abort,
    // Made only if a part reads it (the SDK's paths, a client ask, a wake): see CallAbort.
    get signal() {
      return abort.signal;
    },
    meta,
    input: inputFor(fp, session, st, reply, abort),
    onLog: (p) => {
      if (!logIgnored(session, p.level)) {
        reply.event({ jsonrpc: '2.0', method: 'notifications/message', params: p });
      }
    },
  };
  const name = params['name'] as string;
  const args = (params['arguments'] ?? {}) as Record<string, unknown>;
  callInScope({ catalog: fp.catalog, scope: session.scope, meta: session.meta }, name, args, fc)
    .then(
      (result) => {
        if (!abort.aborted) {
          let json: string;
          try {
            json = JSON.stringify(mirrorStructured(result, session.server.getNegotiatedProtocolVersion()));
          } catch (err) {
            reply.finish(unserialisableAnswer(fp, id, name, err));
            return;
          }
          reply.finish(resultMessage(id, json));
        }
      },
      (err: unknown) => {
        if (!abort.aborted) {
          reply.finish(errorMessage(id, err));
        }
      },
    )
    .finally(() => {
      if (st.calls.get(id) === abort) {
        st.calls.delete(id);
      }
      if (abort.aborted) {
        reply.abandon();
      }
    })
    .catch((err: unknown) => fp.logger.debug('answering a tool call failed', { err: String(err) }));
}

/** A result nested deeper than the stack can walk (or otherwise unserialisable) still gets an answer. */
function unserialisableAnswer(fp: FastPathState, id: JsonRpcId, tool: string, err: unknown): string {
  fp.logger.warn('a tool result could not be serialised', { tool, err: String(err) });
  return errorMessage(id, new ProtocolError(ProtocolErrorCode.InternalError, unserialisable(err)));
}

/**
 * `notifications/cancelled` for a call answered here: abort it (cancelled upstream). False when
 * no such call runs here (the SDK transport then takes the notification).
 */
export function cancelCall(
  fp: FastPathState,
  sessionId: string,
  requestId: JsonRpcId,
  reason: unknown,
  res: ServerResponse,
): boolean {
  const call = fp.states.get(sessionId)?.calls.get(requestId);
  if (call === undefined) {
    return false;
  }
  call.abort(
    new ProtocolError(
      ProtocolErrorCode.InternalError,
      typeof reason === 'string' ? reason : 'Cancelled by the client.',
    ),
  );
  return accepted(res);
}
