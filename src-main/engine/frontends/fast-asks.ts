import type { ServerResponse } from 'node:http';

import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import { isObject } from '../../../src-shared/values.js';
import type { CallAbort } from '../call-abort.js';
import type { ClientRequestMethod, InputChannel } from '../catalog/index.js';
import { accepted, type Reply } from './fast-reply.js';
import type { FastPathState, FastSession, SessionState } from './fast-state.js';
import { CLIENT_REQUEST_TIMEOUT_MS, missingCapability } from './handlers.js';

/** Ids of requests the gateway itself sends to a client here; the SDK's own ids are numbers. */
export const ASK_PREFIX = 'gateway-ask-';

/** Server→client requests raised during a call: sent on the call's answer stream. */
export function inputFor(
  fp: FastPathState,
  session: FastSession,
  st: SessionState,
  reply: Reply,
  call: CallAbort,
): InputChannel {
  return {
    request(method: ClientRequestMethod, params, signal) {
      const missing = missingCapability(session.server, session.clientName, method, params);
      if (missing !== undefined) {
        return Promise.reject(missing);
      }
      return ask(session, st, reply, `${ASK_PREFIX}${++fp.askSeq}`, method, params, [signal, call.signal]);
    },
  };
}

/**
 * Send one request on the call's answer stream and wait for the client's response (a POST
 * matched by `answerAsk`), until either signal aborts or the client takes too long.
 */
function ask(
  session: FastSession,
  st: SessionState,
  reply: Reply,
  id: string,
  method: ClientRequestMethod,
  params: Record<string, unknown> | undefined,
  signals: AbortSignal[],
): Promise<Record<string, unknown>> {
  const both = AbortSignal.any(signals);
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      both.removeEventListener('abort', onAbort);
      st.asks.delete(id);
      fn();
    };
    const onAbort = () => {
      reply.event({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: id, reason: 'The request was cancelled.' },
      });
      done(() => reject(both.reason));
    };
    const timer = setTimeout(() => {
      done(() => reject(internal(notAnsweredInTime(session, method))));
    }, CLIENT_REQUEST_TIMEOUT_MS);
    timer.unref?.();
    if (both.aborted) {
      done(() => reject(both.reason));
      return;
    }
    both.addEventListener('abort', onAbort, { once: true });
    st.asks.set(id, { resolve: (r) => done(() => resolve(r)), reject: (e) => done(() => reject(e)) });
    if (!reply.event({ jsonrpc: '2.0', id, method, params })) {
      done(() =>
        reject(internal(`The client closed the request before the gateway could forward ${method}.`)),
      );
    }
  });
}

function internal(message: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InternalError, message);
}

function notAnsweredInTime(session: FastSession, method: string): string {
  const minutes = CLIENT_REQUEST_TIMEOUT_MS / 60_000;
  return `The client "${session.clientName()}" did not answer ${method} within ${minutes} minutes.`;
}

/**
 * A POST without a method: the client's response to a request sent from here. False when it
 * answers nothing this path asked (the SDK transport then judges it).
 */
export function answerAsk(
  fp: FastPathState,
  sessionId: string,
  body: Record<string, unknown>,
  res: ServerResponse,
): boolean {
  const id = body['id'];
  if (typeof id !== 'string' || !id.startsWith(ASK_PREFIX)) {
    return false;
  }
  const pending = fp.states.get(sessionId)?.asks.get(id);
  if (pending === undefined) {
    return false;
  }
  const error = body['error'];
  if (isObject(error)) {
    pending.reject(
      new ProtocolError(Number(error['code']), String(error['message'] ?? 'Error'), error['data']),
    );
  } else {
    pending.resolve(isObject(body['result']) ? body['result'] : {});
  }
  return accepted(res);
}
