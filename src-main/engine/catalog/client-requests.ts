import { type Client, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';

import type { Logger } from '../types.js';

/** Server→client request methods a backend may send while serving a call. */
export type ClientRequestMethod = 'sampling/createMessage' | 'elicitation/create' | 'roots/list';

/**
 * The way back to the client that caused a backend call: a legacy session pushes the request on
 * the triggering POST's stream, a 2026-07-28 request answers it through input_required rounds.
 */
export interface InputChannel {
  request(
    method: ClientRequestMethod,
    params: Record<string, unknown> | undefined,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
}

/** A backend call in flight, as routing sees it (forwarding registers it for the call's length). */
export interface CallInFlight {
  readonly server: string;
  readonly sessionId: string | undefined;
  readonly input: InputChannel | undefined;
  readonly log: ((params: { level: string; data?: unknown; logger?: string }) => void) | undefined;
  /** Server→client requests of this call still waiting for the client. */
  waiting: number;
  /** When (in the connection's order of server→client requests) this call last asked its client. */
  lastAsk: number;
}

/**
 * The client a backend's request goes to. Backend requests carry no call id, so on a shared
 * connection the request is matched to a call only when that is unambiguous; otherwise it is
 * refused with advice, never guessed.
 */
export function pickChannel(
  server: string,
  method: ClientRequestMethod,
  calls: Iterable<CallInFlight> | undefined,
  sessionInput: InputChannel | undefined,
): InputChannel {
  const all = [...(calls ?? [])].filter((f) => f.input !== undefined);
  // A call whose earlier request still waits for its client is blocked on that answer (or was
  // abandoned by a client that will never answer): with several calls in flight, it is not the
  // one asking now. (A single call may well ask twice at once.)
  const active = all.length === 1 ? all : all.filter((f) => f.waiting === 0);
  if (active.length === 1 && active[0]?.input !== undefined) {
    return active[0].input;
  }
  // Every call waits for its client: this request comes with the one the latest of them made
  // (a 2025-era server sends a round's requests together), not from a call abandoned earlier.
  if (active.length === 0 && all.length > 1) {
    const latest = all.reduce((a, b) => (b.lastAsk > a.lastAsk ? b : a));
    if (latest.input !== undefined && latest.lastAsk > 0) {
      return latest.input;
    }
  }
  if (sessionInput !== undefined && active.length === 0) {
    return sessionInput;
  }
  const why =
    active.length === 0
      ? `no client call to "${server}" is in progress, so there is no client to ask`
      : `${active.length} client calls to "${server}" are in progress and the request cannot be matched to one`;
  throw new ProtocolError(
    ProtocolErrorCode.InternalError,
    `The gateway cannot forward ${method}: ${why}. Set "isolation": "per-session" on server "${server}" so each client gets its own connection.`,
  );
}

type RequestHandler = (
  request: { params?: Record<string, unknown> },
  ctx: { mcpReq: { signal: AbortSignal } },
) => Promise<never>;

/**
 * Routing of what a backend sends towards clients outside a response: its requests
 * (sampling, elicitation, roots), URL elicitations' completions and its log messages.
 */
export interface ClientRequests {
  /** The handler for one request method on one backend Client. */
  handler(server: string, client: Client, method: ClientRequestMethod): RequestHandler;
  /** `notifications/elicitation/complete`: to the session that was asked. */
  elicitationComplete(server: string, params: Record<string, unknown>): void;
  /** `notifications/message`: to the one call that listens, else the gateway's log. */
  log(server: string, client: Client, params: { level: string; data?: unknown; logger?: string }): void;
  /** The session ended: forget its open URL elicitations. */
  dropSession(sessionId: string): void;
}

/** What the routing of server→client requests is built from. */
export interface ClientRequestsDeps {
  /** The calls in flight on one backend Client. */
  callsOn(client: Client): Iterable<CallInFlight> | undefined;
  /** The session a per-session Client serves, and that session's own channel. */
  sessionOf(client: Client): string | undefined;
  sessionInput(sessionId: string): InputChannel | undefined;
  notify(sessionId: string, method: string, params: Record<string, unknown>): void;
  logger: Logger;
}

export function createClientRequests(deps: ClientRequestsDeps): ClientRequests {
  /** elicitationId → the session asked. */
  const elicitations = new Map<string, string>();
  /** Server→client requests routed so far (orders `CallInFlight.lastAsk`). */
  let asks = 0;

  function callOf(client: Client, channel: InputChannel): CallInFlight | undefined {
    for (const f of deps.callsOn(client) ?? []) {
      if (f.input === channel) {
        return f;
      }
    }
    return undefined;
  }

  function channelFor(server: string, client: Client, method: ClientRequestMethod): InputChannel {
    const session = deps.sessionOf(client);
    const sessionInput = session === undefined ? undefined : deps.sessionInput(session);
    return pickChannel(server, method, deps.callsOn(client), sessionInput);
  }

  return {
    handler: (server, client, method) => async (request, ctx) => {
      const channel = channelFor(server, client, method);
      const params = request.params;
      const call = callOf(client, channel);
      const elicitationId = params?.['elicitationId'];
      if (
        method === 'elicitation/create' &&
        params?.['mode'] === 'url' &&
        typeof elicitationId === 'string'
      ) {
        const sessionId = call !== undefined ? call.sessionId : deps.sessionOf(client);
        if (sessionId !== undefined) {
          elicitations.set(elicitationId, sessionId);
        }
      }
      if (call !== undefined) {
        call.waiting += 1;
        call.lastAsk = ++asks;
      }
      try {
        return (await channel.request(method, params, ctx.mcpReq.signal)) as never;
      } finally {
        if (call !== undefined) {
          call.waiting -= 1;
        }
      }
    },
    elicitationComplete(server, params) {
      const id = params['elicitationId'] as string;
      const sessionId = elicitations.get(id);
      if (sessionId === undefined) {
        deps.logger.debug('elicitation completion for an unknown elicitation', { server, elicitationId: id });
        return;
      }
      elicitations.delete(id);
      deps.notify(sessionId, 'notifications/elicitation/complete', params);
    },
    log(server, client, params) {
      // Backend logs carry no request id: deliver them to the caller only when it is unambiguous.
      const listening = [...(deps.callsOn(client) ?? [])].filter((f) => f.log !== undefined);
      if (listening.length === 1) {
        listening[0]?.log?.(params);
        return;
      }
      deps.logger.debug('backend log message', { server, level: params.level, data: params.data });
    },
    dropSession(sessionId) {
      for (const [id, s] of elicitations) {
        if (s === sessionId) {
          elicitations.delete(id);
        }
      }
    },
  };
}
