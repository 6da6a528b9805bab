import type { IncomingMessage, ServerResponse } from 'node:http';

import { NodeStreamableHTTPServerTransport, toWebRequest } from '@modelcontextprotocol/node';
import { isInitializeRequest, isJsonContentType, isLegacyRequest } from '@modelcontextprotocol/server';
import type express from 'express';

import { errorText } from '../../../src-shared/values.js';
import type { Catalog, ListChange } from '../catalog/index.js';
import type { SemanticRanker } from '../context/index.js';
import type { Identity } from '../identity/index.js';
import type {
  Clock,
  ConfigStore,
  EventBus,
  Logger,
  SessionRegistry,
  SupervisorApi,
  TimerHandle,
} from '../types.js';
import { productVersion } from '../version.js';
import { authorizeClient } from './client-auth.js';
import { createFastPath } from './fast-path.js';
import type { MetaTools } from './handlers.js';
import { batchError, BodyError, createBodyReader, sendJsonRpcError } from './http-util.js';
import { createSessionTable, type LegacySession } from './legacy-sessions.js';
import { liveLimits, requestCount, tooManyInFlight } from './limits.js';
import { createFrontendMeta } from './meta-tools.js';
import { createModernClients } from './modern-clients.js';
import { createMrtrBridge } from './mrtr.js';
import { createScopes } from './scopes.js';
import { SseServerTransport } from './sse-transport.js';

export interface FrontendDeps {
  catalog: Catalog;
  config: ConfigStore;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  supervisor?: SupervisorApi;
  /** Reported as the gateway's serverInfo.version (default: the product version). */
  version?: string;
  /** Meta-mode toolset (search/describe/invoke). Default: built over the catalog. */
  meta?: MetaTools;
  /** App data folder: where the search keeps what it learned from use (`search-memory.json`). */
  dataDir?: string;
  /**
   * The engine's Host/Origin check (`createHostOriginGuard(...).allows`), for `route()`, which
   * answers before express and its guard. Without it there is no hot path: `route()` declines.
   */
  allows?: (req: IncomingMessage) => boolean;
  /** Client tokens and profiles: who may call, and what they see. */
  identity: Identity;
  /** Semantic ranking for meta search (`gateway.search.embeddings`); absent = words only. */
  semantic?: SemanticRanker;
}

export interface Frontends {
  sessions: SessionRegistry;
  /**
   * The hot path, for the engine's request listener to try before express: a POST on an open
   * 2025-era session that passes `deps.allows` is taken here (true) and answered without
   * express's routing. Everything else (false) goes through the app and its guard as usual.
   */
  route(req: IncomingMessage, res: ServerResponse): boolean;
  /** Tell every connected client that lists changed (the catalog does this on its own too). */
  notifyListChanged(change?: Partial<ListChange>): void;
  close(): Promise<void>;
}

const SESSION_HEADER = 'mcp-session-id';

/**
 * Mounts the MCP endpoints clients connect to:
 * - `/mcp`: every server, tool names prefixed. 2025-era clients get a session (one transport and
 *   one Server each); 2026-07-28 requests go to a per-request handler. `?mode=meta` (or
 *   `gateway.mode: "meta"`) serves the meta tools.
 * - `/mcp/<server>`: one server, names as the server gives them.
 * - `/sse` + `/messages`: the 2024-11-05 HTTP+SSE transport for old clients.
 * Do not mount a JSON body parser in front of these routes: they enforce their own body limit.
 * Mount the engine's Host/Origin guard (`createHostOriginGuard`) before them: they rely on it.
 */
export function mountFrontends(app: express.Express, deps: FrontendDeps): Frontends {
  const { catalog, bus, clock, identity } = deps;
  const logger = deps.logger.child({ component: 'frontends' });
  const version = deps.version ?? productVersion();
  const { limits, subscription: configSub } = liveLimits(deps.config);
  const frontendMeta = createFrontendMeta({ ...deps, logger });
  const scopes = createScopes({ catalog, limits, metaFor: frontendMeta.metaFor });
  const { mcpScopeKey, serverInScope, scopeOfUrl } = scopes;
  const bridge = createMrtrBridge(clock);
  const fastPath = createFastPath({ catalog, logger, streamBufferBytes: () => limits.maxStreamBufferBytes });
  const bodies = createBodyReader({ clock, logger, timeoutMs: () => limits.bodyTimeoutMs });
  const sessions = createSessionTable({ catalog, logger, clock, bus, version, limits, scopes, fastPath });
  const legacy = sessions.byId;
  const modern = createModernClients({ catalog, logger, clock, bus, version, limits, scopes, bridge });
  let closing = false;

  /** What an MCP URL addresses: one server (`/mcp/<server>`), or all of them, maybe as meta tools. */
  interface Target {
    server?: string;
    askedMeta: boolean;
  }

  async function handleMcp(req: express.Request, res: express.Response, target: Target): Promise<void> {
    if (closing) {
      sendJsonRpcError(res, 503, -32000, 'The gateway is shutting down.');
      return;
    }
    const sessionId = req.headers[SESSION_HEADER];
    if (typeof sessionId === 'string') {
      const s = legacy.get(sessionId);
      // The token is checked before anything about the session is told.
      const client = authorizeClient(identity, req, res, s);
      if (client === undefined) {
        return;
      }
      if (target.server !== undefined && !serverInScope(target.server, client)) {
        sendJsonRpcError(
          res,
          404,
          -32000,
          `There is no server named "${target.server}" in this gateway. See \`mcp-gateway servers list\`.`,
        );
        return;
      }
      const scopeKey = target.server ?? mcpScopeKey(target.askedMeta, client);
      if (
        s === undefined ||
        s.scopeKey !== scopeKey ||
        !(s.transport instanceof NodeStreamableHTTPServerTransport)
      ) {
        sendJsonRpcError(
          res,
          404,
          -32001,
          'Session not found: it ended or the gateway restarted. Reconnect (send initialize without a session id).',
        );
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
      await sessionPost(s, s.transport, req, res);
      return;
    }
    const client = authorizeClient(identity, req, res);
    if (client === undefined) {
      return;
    }
    if (target.server !== undefined && !serverInScope(target.server, client)) {
      sendJsonRpcError(
        res,
        404,
        -32000,
        `There is no server named "${target.server}" in this gateway. See \`mcp-gateway servers list\`.`,
      );
      return;
    }
    const scopeKey = target.server ?? mcpScopeKey(target.askedMeta, client);
    if (req.method === 'GET' || req.method === 'DELETE') {
      sendJsonRpcError(
        res,
        400,
        -32000,
        'Bad Request: this request needs an Mcp-Session-Id header. Send initialize first.',
        {
          allow: 'GET, POST, DELETE',
        },
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
      await modern.serve(scopeKey, client, req, res, body);
      return;
    }
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
    const session = sessions.open(scopeKey, client, 'http', (id) => {
      const t = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => id,
        onsessioninitialized: () => {
          legacy.set(id, session);
        },
        onsessionclosed: () => sessions.close(session, 'client ended the session'),
      });
      return t;
    });
    await session.server.connect(session.transport);
    await (session.transport as NodeStreamableHTTPServerTransport).handleRequest(req, res, body);
    if (!legacy.has(session.id)) {
      // initialize failed (bad params, unsupported version): nothing to keep.
      sessions.close(session, 'initialize failed');
    }
  }

  /** A POST on an open session: the fast path when it serves the message, else the SDK transport. */
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
      sendJsonRpcError(
        res,
        404,
        -32001,
        'Session not found: it ended or the gateway restarted. Reconnect (send initialize without a session id).',
      );
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

  function failed(res: ServerResponse, err: unknown): void {
    if (err instanceof BodyError) {
      sendJsonRpcError(res, err.status, err.code, err.message, err.headers);
      return;
    }
    logger.error('MCP request failed', { err: errorText(err) });
    sendJsonRpcError(res, 500, -32603, 'Internal error in the gateway; see its log.');
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
      scopeOfUrl(req.url ?? '', s.client) !== s.scopeKey
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

  const wrap =
    (targetOf: (req: express.Request) => Target) =>
    (req: express.Request, res: express.Response): void => {
      handleMcp(req, res, targetOf(req)).catch((err: unknown) => failed(res, err));
    };

  app.all(
    '/mcp',
    wrap((req) => ({ askedMeta: req.query['mode'] === 'meta' })),
  );
  app.all(
    '/mcp/:server',
    wrap((req) => ({ server: String(req.params['server']), askedMeta: false })),
  );

  // ------------------------------------------------------------ legacy HTTP+SSE

  app.get('/sse', (req, res) => {
    if (closing) {
      return;
    }
    const client = authorizeClient(identity, req, res);
    if (client === undefined || sessions.overCapacity(res)) {
      return;
    }
    const session = sessions.open(
      mcpScopeKey(req.query['mode'] === 'meta', client),
      client,
      'sse',
      (id) =>
        new SseServerTransport(id, res, '/messages', {
          maxBufferBytes: () => limits.maxStreamBufferBytes,
          onDrop: (waiting) =>
            logger.warn('dropped a client that is not reading its stream', {
              session: id,
              client: session.info.clientName,
              waitingBytes: waiting,
              limit: limits.maxStreamBufferBytes,
            }),
        }),
    );
    legacy.set(session.id, session);
    session.server.connect(session.transport).catch((err: unknown) => {
      logger.warn('could not open an SSE session', { err: String(err) });
      sessions.close(session, 'connect failed');
    });
  });

  app.post('/messages', (req, res) => {
    const id = typeof req.query['sessionId'] === 'string' ? req.query['sessionId'] : '';
    const s = legacy.get(id);
    if (authorizeClient(identity, req, res, s) === undefined) {
      return;
    }
    if (s === undefined || !(s.transport instanceof SseServerTransport)) {
      sendJsonRpcError(res, 404, -32001, 'Session not found: open a new stream with GET /sse.');
      return;
    }
    const transport = s.transport;
    s.info.lastSeenAt = clock.now();
    bodies
      .read(req, limits.maxBodyBytes)
      .then((body) => {
        const tooBig = batchError(body, limits.maxBatchSize);
        if (tooBig !== undefined) {
          throw tooBig;
        }
        const requests = requestCount(body);
        if (requests > 0 && transport.inFlight + requests > limits.maxInFlightPerSession) {
          tooManyInFlight(res, transport.inFlight);
          return;
        }
        res.writeHead(202).end('Accepted');
        transport.receive(body);
      })
      .catch((err: unknown) => failed(res, err));
  });

  // ------------------------------------------------------------ notifications & housekeeping

  function notifyListChanged(
    change: Partial<ListChange> = { tools: true, resources: true, prompts: true },
  ): void {
    sessions.notifyListChanged(change);
    modern.notifyListChanged(change);
  }
  const listSub = catalog.onListChanged((change) => notifyListChanged(change));
  // A revoked token (or one moved to another profile) ends its sessions at once.
  const revokedSub = identity.onRevoked((client) => {
    sessions.closeForToken(client.tokenId, 'client token revoked');
    modern.revoke(client.tokenId);
  });

  let sweepTimer: TimerHandle | undefined;
  const sweep = () => {
    const now = clock.now();
    sessions.sweep(now);
    modern.sweep(now);
    schedule();
  };
  const schedule = () => {
    if (closing) {
      return;
    }
    sweepTimer = clock.setTimeout(
      sweep,
      Math.max(1_000, Math.min(60_000, Math.floor(limits.sessionIdleMs / 2))),
    );
    sweepTimer.unref?.();
  };
  schedule();

  return {
    sessions: {
      list: () => [...sessions.list(), ...modern.list()],
    },
    notifyListChanged,
    route,
    async close() {
      closing = true;
      clock.clearTimeout(sweepTimer);
      await frontendMeta.close();
      bodies.close();
      configSub.dispose();
      listSub.dispose();
      revokedSub.dispose();
      sessions.closeAll('gateway closing');
      bridge.close();
      await modern.close();
    },
  };
}
