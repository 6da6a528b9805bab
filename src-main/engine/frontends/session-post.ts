import type { IncomingMessage, ServerResponse } from 'node:http';

import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

import type { Identity } from '../identity/index.js';
import type { Clock, Logger } from '../types.js';
import { authorizeClient } from './client-auth.js';
import type { FastPath } from './fast-path.js';
import { batchError, type BodyReader, sendJsonRpcError } from './http-util.js';
import type { LegacySession, SessionTable } from './legacy-sessions.js';
import { type Limits, requestCount, tooManyInFlight } from './limits.js';
import type { Scopes } from './scopes.js';

export const SESSION_HEADER = 'mcp-session-id';

export const SESSION_NOT_FOUND =
  'Session not found: it ended or the gateway restarted. Reconnect (send initialize without a session id).';

export interface SessionPostDeps {
  identity: Identity;
  clock: Clock;
  logger: Logger;
  limits: Limits;
  scopes: Scopes;
  sessions: SessionTable;
  fastPath: FastPath;
  bodies: BodyReader;
  /** The engine's Host/Origin check, for `route()`; without it `route()` declines. */
  allows?: ((req: IncomingMessage) => boolean) | undefined;
  /** How an unexpected failure is answered (the routes' `failed`). */
  failed: (res: ServerResponse, err: unknown) => void;
}

export interface SessionPosts {
  /** A POST on an open session: the fast path when it serves the message, else the SDK transport. */
  post(
    s: LegacySession,
    transport: NodeStreamableHTTPServerTransport,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void>;
  /**
   * The hot path: a POST carrying an open session's id, on the session's own URL, that passes
   * `deps.allows`, taken before express (true); anything else is left to the app (false).
   */
  route(req: IncomingMessage, res: ServerResponse): boolean;
  /** From now on the hot path declines and a body that arrives finds its session gone. */
  stop(): void;
}

/** POSTs on an open 2025-era session, the hot path among them: limits, then the fast path or the SDK. */
export function createSessionPosts(deps: SessionPostDeps): SessionPosts {
  const { identity, clock, limits, scopes, sessions, fastPath, bodies, failed } = deps;
  const legacy = sessions.byId;
  let closing = false;

  async function sessionPost(
    s: LegacySession,
    transport: NodeStreamableHTTPServerTransport,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const body = await bodies.read(req, limits.maxBodyBytes);
    if (Array.isArray(body)) {
      const tooBig = batchError(body, limits.maxBatchSize);
      if (tooBig !== undefined) {
        throw tooBig;
      }
    }
    if (s.closed || closing) {
      // The session ended (or the gateway began to stop) while the body was arriving.
      sendJsonRpcError(res, 404, -32001, SESSION_NOT_FOUND);
      return;
    }
    const requests = requestCount(body);
    if (requests > 0) {
      const inFlight = fastPath.inFlight(s.id) + s.sdkInFlight;
      if (inFlight + requests > limits.maxInFlightPerSession) {
        tooManyInFlight(res, inFlight);
        return;
      }
    }
    if (s.opened && fastPath.handle(s.fast, req, res, body)) {
      return;
    }
    if (requests > 0) {
      s.sdkInFlight += requests;
      res.once('close', () => (s.sdkInFlight -= requests));
    }
    sessions.trackStream(s, res);
    await transport.handleRequest(req, res, body);
  }

  function route(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || closing) {
      return false;
    }
    const sessionId = req.headers[SESSION_HEADER];
    const s = typeof sessionId === 'string' ? legacy.get(sessionId) : undefined;
    if (
      s === undefined ||
      !s.opened ||
      !(s.transport instanceof NodeStreamableHTTPServerTransport) ||
      scopes.scopeOfUrl(req.url ?? '', s.client) !== s.scopeKey
    ) {
      return false;
    }
    if (deps.allows?.(req) !== true) {
      return false; // refused (or no check given): the app's guard answers
    }
    // One SHA-256 and a map lookup; a refusal (401/403/429) is answered here.
    if (authorizeClient(identity, req, res, s) === undefined) {
      return true;
    }
    s.info.lastSeenAt = clock.now();
    sessionPost(s, s.transport, req, res).catch((err: unknown) => failed(res, err));
    return true;
  }

  return {
    post: sessionPost,
    route,
    stop() {
      closing = true;
    },
  };
}
