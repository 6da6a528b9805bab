import type { IncomingMessage, ServerResponse } from 'node:http';

import { NodeStreamableHTTPServerTransport, toWebRequest } from '@modelcontextprotocol/node';
import { isInitializeRequest, isJsonContentType, isLegacyRequest } from '@modelcontextprotocol/server';
import type express from 'express';

import { errorText } from '../../../src-shared/values.js';
import type { AnswerRecorder } from '../early/index.js';
import type { ClientIdentity, Identity } from '../identity/index.js';
import type { Clock, Logger } from '../types.js';
import { authorizeClient } from './client-auth.js';
import type { FastPath } from './fast-path.js';
import { batchError, BodyError, type BodyReader, sendJsonRpcError } from './http-util.js';
import { type LegacySession, openStreamableSession, type SessionTable } from './legacy-sessions.js';
import type { Limits } from './limits.js';
import type { ModernClients } from './modern-clients.js';
import type { Scopes } from './scopes.js';
import { createSessionPosts, SESSION_HEADER, SESSION_NOT_FOUND, type SessionPosts } from './session-post.js';

export interface McpRoutesDeps {
  identity: Identity;
  clock: Clock;
  logger: Logger;
  limits: Limits;
  scopes: Scopes;
  sessions: SessionTable;
  modern: ModernClients;
  fastPath: FastPath;
  bodies: BodyReader;
  /** The engine's Host/Origin check, for `route()`; without it `route()` declines. */
  allows?: ((req: IncomingMessage) => boolean) | undefined;
  /** Keeps the answers of a client's handshake for the next start (see early/). */
  recorder?: AnswerRecorder | undefined;
}

export interface McpRoutes {
  /** The hot path: a POST on an open 2025-era session, answered before express (true when taken). */
  route(req: IncomingMessage, res: ServerResponse): boolean;
  /** From now on new requests are refused: the gateway is stopping. */
  stop(): void;
}

/** What the request handlers below use: the routes' deps and the session POSTs. */
interface RouteEnv extends McpRoutesDeps {
  posts: SessionPosts;
}

/** What an MCP URL addresses: one server (`/mcp/<server>`), or all of them, maybe as meta tools. */
interface Target {
  server?: string;
  askedMeta: boolean;
}

/** An unexpected failure of an MCP request: a body error as it says, anything else a logged 500. */
export function failed(logger: Logger, res: ServerResponse, err: unknown): void {
  if (err instanceof BodyError) {
    sendJsonRpcError(res, err.status, err.code, err.message, err.headers);
    return;
  }
  logger.error('MCP request failed', { err: errorText(err) });
  sendJsonRpcError(res, 500, -32603, 'Internal error in the gateway; see its log.');
}

/**
 * The caller and the scope the URL addresses for them, or undefined when answered here: 401/429
 * from the client check (`session`: the caller must own it), 404 for a server out of their scope.
 */
function callerAndScope(
  env: Pick<RouteEnv, 'identity' | 'scopes'>,
  req: IncomingMessage,
  res: ServerResponse,
  target: Target,
  session?: LegacySession,
): { client: ClientIdentity; scopeKey: string } | undefined {
  const client = authorizeClient(env.identity, req, res, session);
  if (client === undefined) {
    return undefined;
  }
  if (target.server !== undefined && !env.scopes.serverInScope(target.server, client)) {
    sendJsonRpcError(
      res,
      404,
      -32000,
      `There is no server named "${target.server}" in this gateway. See \`mcp-gateway servers list\`.`,
    );
    return undefined;
  }
  return { client, scopeKey: target.server ?? env.scopes.mcpScopeKey(target.askedMeta, client) };
}

/**
 * `/mcp` and `/mcp/<server>`: requests on a 2025-era session (the session's own scope, token and
 * transport), requests without one (2026-07-28, or initialize to open a session), and the hot
 * path `route()` for session POSTs.
 */
export function mountMcpRoutes(app: express.Express, deps: McpRoutesDeps): McpRoutes {
  const { logger } = deps;
  const posts = createSessionPosts({ ...deps, failed: (res, err) => failed(logger, res, err) });
  const env: RouteEnv = { ...deps, posts };
  let closing = false;
  const wrap =
    (targetOf: (req: express.Request) => Target) =>
    (req: express.Request, res: express.Response): void => {
      if (closing) {
        sendJsonRpcError(res, 503, -32000, 'The gateway is shutting down.');
        return;
      }
      const sessionId = req.headers[SESSION_HEADER];
      const answered =
        typeof sessionId === 'string'
          ? sessionRequest(env, req, res, targetOf(req), sessionId)
          : sessionlessRequest(env, req, res, targetOf(req));
      answered.catch((err: unknown) => failed(logger, res, err));
    };
  app.all(
    '/mcp',
    wrap((req) => ({ askedMeta: req.query['mode'] === 'meta' })),
  );
  app.all(
    '/mcp/:server',
    wrap((req) => ({ server: String(req.params['server']), askedMeta: false })),
  );
  return {
    route: posts.route,
    stop() {
      closing = true;
      posts.stop();
    },
  };
}

/** A request that names a session: it must be the caller's, in the scope of this URL. */
async function sessionRequest(
  env: RouteEnv,
  req: express.Request,
  res: express.Response,
  target: Target,
  sessionId: string,
): Promise<void> {
  const { clock, sessions } = env;
  const s = sessions.byId.get(sessionId);
  // The token is checked before anything about the session is told.
  const caller = callerAndScope(env, req, res, target, s);
  if (caller === undefined) {
    return;
  }
  if (
    s === undefined ||
    s.scopeKey !== caller.scopeKey ||
    !(s.transport instanceof NodeStreamableHTTPServerTransport)
  ) {
    sendJsonRpcError(res, 404, -32001, SESSION_NOT_FOUND);
    return;
  }
  s.info.lastSeenAt = clock.now();
  if (req.method !== 'POST') {
    if (req.method === 'GET') {
      sessions.trackStream(s, res);
    }
    await s.transport.handleRequest(req, res);
    return;
  }
  await env.posts.post(s, s.transport, req, res);
}

/** A request without a session: 2026-07-28 (stateless), or initialize to open a 2025-era session. */
async function sessionlessRequest(
  env: RouteEnv,
  req: express.Request,
  res: express.Response,
  target: Target,
): Promise<void> {
  const { limits, bodies } = env;
  const caller = callerAndScope(env, req, res, target);
  if (caller === undefined) {
    return;
  }
  const { client, scopeKey } = caller;
  // Without a session only a JSON POST is served (GET and DELETE need a session).
  if (req.method === 'GET' || req.method === 'DELETE') {
    sendJsonRpcError(
      res,
      400,
      -32000,
      'Bad Request: this request needs an Mcp-Session-Id header. Send initialize first.',
      { allow: 'GET, POST, DELETE' },
    );
    return;
  }
  if (req.method !== 'POST') {
    sendJsonRpcError(res, 405, -32000, 'Method not allowed: use POST (or GET/DELETE with a session).', {
      allow: 'GET, POST, DELETE',
    });
    return;
  }
  if (!isJsonContentType(req.headers['content-type'] ?? null)) {
    sendJsonRpcError(res, 415, -32000, 'Unsupported Media Type: send Content-Type: application/json.');
    return;
  }
  const body = await bodies.read(req, limits.maxBodyBytes);
  const tooBig = batchError(body, limits.maxBatchSize);
  if (tooBig !== undefined) {
    throw tooBig;
  }
  const webReq = await toWebRequest(req, body);
  if (!(await isLegacyRequest(webReq, body, { maxRequestBodySize: limits.maxBodyBytes }))) {
    await env.modern.serve(scopeKey, client, req, res, body);
    return;
  }
  await openSession(env.sessions, env.recorder, scopeKey, client, req, res, body);
}

/**
 * Keeps what this session's client is answered for the next start (see early/): its key now, the
 * initialize result when the transport sends it.
 */
function recordInitialize(
  recorder: AnswerRecorder,
  session: LegacySession,
  scopeKey: string,
  client: ClientIdentity,
  initialize: Record<string, unknown>,
): void {
  const params = initialize['params'];
  recorder.opened(session.id, { scopeKey, tokenId: client.tokenId, profile: client.profile.name, params });
  const transport = session.transport;
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if ('result' in message && message.id === initialize['id']) {
      recorder.initialized(session.id, JSON.stringify(message.result));
      transport.send = send;
    }
    return send(message, options);
  };
}

/** initialize without a session id: a new 2025-era session over Streamable HTTP. */
async function openSession(
  sessions: SessionTable,
  recorder: AnswerRecorder | undefined,
  scopeKey: string,
  client: ClientIdentity,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  const initialize = Array.isArray(body)
    ? body.some((m) => isInitializeRequest(m))
    : isInitializeRequest(body);
  if (!initialize) {
    sendJsonRpcError(
      res,
      400,
      -32000,
      'Bad Request: no Mcp-Session-Id header. Send initialize first to open a session.',
    );
    return;
  }
  if (sessions.overCapacity(res)) {
    return;
  }
  const session = openStreamableSession(sessions, scopeKey, client);
  if (recorder !== undefined && !Array.isArray(body)) {
    recordInitialize(recorder, session, scopeKey, client, body as Record<string, unknown>);
  }
  await session.server.connect(session.transport);
  await (session.transport as NodeStreamableHTTPServerTransport).handleRequest(req, res, body);
  if (!sessions.byId.has(session.id)) {
    // initialize failed (bad params, unsupported version): nothing to keep.
    sessions.close(session, 'initialize failed');
  }
}
