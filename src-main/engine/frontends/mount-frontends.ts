import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { NodeStreamableHTTPServerTransport, toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import {
  CLIENT_INFO_META_KEY,
  createMcpHandler,
  isInitializeRequest,
  isJsonContentType,
  isLegacyRequest,
  type McpHttpHandler,
  type Server,
} from '@modelcontextprotocol/server';
import type express from 'express';

import type { SessionInfo } from '../../../src-shared/events.js';
import { errorText } from '../../../src-shared/values.js';
import type { Catalog, ListChange } from '../catalog/index.js';
import type { SemanticRanker } from '../context/index.js';
import type { ClientIdentity, Identity } from '../identity/index.js';
import type {
  Clock,
  ConfigStore,
  Disposable,
  EventBus,
  Logger,
  SessionRegistry,
  SupervisorApi,
  TimerHandle,
} from '../types.js';
import { productVersion } from '../version.js';
import { boundedResponse } from './bounded-stream.js';
import { authorizeClient } from './client-auth.js';
import { createFastPath, type FastSession } from './fast-path.js';
import { buildServer, type MetaTools, sessionInput } from './handlers.js';
import { batchError, BodyError, createBodyReader, sendJsonRpcError } from './http-util.js';
import { liveLimits, requestCount, tooManyInFlight } from './limits.js';
import { createListenRelay, type ListenRelay, listenUris, withHonoredUris } from './listen.js';
import { createFrontendMeta } from './meta-tools.js';
import { createMrtrBridge, type MrtrBridge } from './mrtr.js';
import { refuseMismatchedParams } from './param-headers.js';
import { createScopes, scopeLabel } from './scopes.js';
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

interface LegacySession {
  id: string;
  scopeKey: string;
  /** The token that opened the session; every later request must carry the same one. */
  client: ClientIdentity;
  server: Server;
  transport: NodeStreamableHTTPServerTransport | SseServerTransport;
  /** What the hot path needs to answer this session's calls without the SDK transport. */
  fast: FastSession;
  info: SessionInfo;
  attachment: Disposable | undefined;
  opened: boolean;
  closed: boolean;
  /** Closes the session if the client never sends notifications/initialized. */
  initTimer: TimerHandle | undefined;
  /** Requests on the SDK path still waiting for their answer (the fast path counts its own). */
  sdkInFlight: number;
  /** Responses the SDK streams messages on (the GET stream, POST answers as SSE). */
  streams: Set<ServerResponse>;
  /** Bytes sent while one of `streams` waited for the client to read: the SDK queues them. */
  backlog: number;
}

interface ModernHandler {
  handler: McpHttpHandler;
  node: (req: IncomingMessage, res: ServerResponse, body?: unknown) => Promise<void>;
  /**
   * `node` for a long-lived stream (subscriptions/listen): what waits for the client is bounded,
   * and a client that stays behind is dropped with a log line.
   */
  stream: (req: IncomingMessage, res: ServerResponse, body?: unknown) => Promise<void>;
  /** The client's own subscriptions/listen URIs, subscribed at the backends. */
  listen: ListenRelay;
}

interface ModernClient {
  info: SessionInfo;
  tokenId: string | undefined;
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
  const { scopeOf, mcpScopeKey, serverInScope, scopeOfUrl } = createScopes({
    catalog,
    limits,
    metaFor: frontendMeta.metaFor,
  });
  const legacy = new Map<string, LegacySession>();
  const modernClients = new Map<string, ModernClient>();
  const bridge: MrtrBridge = createMrtrBridge(clock);
  const fastPath = createFastPath({ catalog, logger, streamBufferBytes: () => limits.maxStreamBufferBytes });
  const bodies = createBodyReader({ clock, logger, timeoutMs: () => limits.bodyTimeoutMs });
  const modernHandlers = new Map<string, ModernHandler>();
  let closing = false;

  // ------------------------------------------------------------ sessions (2025 era)

  function emitSession(type: 'session.opened' | 'session.closed', info: SessionInfo): void {
    bus.emit({ type, at: clock.now(), session: { ...info } });
  }

  function closeSession(s: LegacySession, why: string): void {
    if (s.closed) {
      return;
    }
    s.closed = true;
    clock.clearTimeout(s.initTimer);
    legacy.delete(s.id);
    fastPath.drop(s.id);
    s.attachment?.dispose();
    if (s.opened) {
      emitSession('session.closed', s.info);
    }
    logger.debug('session closed', { session: s.id, why });
    void s.transport.close().catch(() => undefined);
    void s.server.close().catch(() => undefined);
  }

  /**
   * Backpressure on what the SDK streams to a 2025-era client (forwarded notifications on the GET
   * stream, messages on a POST's SSE answer): the SDK waits for 'drain' and queues the rest, so
   * what is sent while a stream waits is counted, and a client that falls too far behind is dropped.
   */
  function guardSends(s: LegacySession): void {
    const transport = s.transport;
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      let blocked = false;
      for (const res of s.streams) {
        blocked ||= res.writableNeedDrain;
      }
      if (!blocked) {
        s.backlog = 0;
        return send(message, options);
      }
      s.backlog += JSON.stringify(message).length;
      if (s.backlog <= limits.maxStreamBufferBytes) {
        return send(message, options);
      }
      logger.warn('dropped a client that is not reading its stream', {
        session: s.id,
        client: s.info.clientName,
        waitingBytes: s.backlog,
        limit: limits.maxStreamBufferBytes,
      });
      for (const res of s.streams) {
        res.destroy();
      }
      closeSession(s, 'client not reading its stream');
      return Promise.resolve();
    };
  }

  /** Keep `res` among the session's streams while it is open. */
  function trackStream(s: LegacySession, res: ServerResponse): void {
    s.streams.add(res);
    res.once('close', () => s.streams.delete(res));
  }

  function newSession(
    scopeKey: string,
    client: ClientIdentity,
    transportKind: 'http' | 'sse',
    makeTransport: (id: string) => LegacySession['transport'],
  ): LegacySession {
    const id = randomUUID();
    const { scope, meta: sessionMeta } = scopeOf(scopeKey, client);
    const now = clock.now();
    const info: SessionInfo = {
      id,
      clientName: 'unknown',
      era: 'legacy',
      transport: transportKind,
      scope: scopeLabel(scopeKey),
      openedAt: now,
      lastSeenAt: now,
      ...(client.name !== undefined ? { client: client.name, profile: client.profile.name } : {}),
    };
    // Calls are attributed to the token's name; without a token, to the handshake's client name.
    const clientName = () => client.name ?? info.clientName;
    const profileName = client.tokenId === undefined ? undefined : client.profile.name;
    const server = buildServer({
      catalog,
      scope,
      logger,
      version,
      era: 'legacy',
      sessionId: id,
      clientName,
      profile: profileName,
      meta: sessionMeta,
      onRootsChanged: () => catalog.rootsChanged(id),
    });
    const transport = makeTransport(id);
    const fast: FastSession = { id, server, scope, meta: sessionMeta, clientName, profile: profileName };
    const session: LegacySession = {
      id,
      scopeKey,
      client,
      server,
      transport,
      fast,
      info,
      attachment: undefined,
      opened: false,
      closed: false,
      initTimer: undefined,
      sdkInFlight: 0,
      streams: new Set(),
      backlog: 0,
    };
    // A client that starts a session and never finishes the handshake holds a slot: not for long.
    session.initTimer = clock.setTimeout(() => {
      if (!session.opened) {
        logger.info('closed a session that was never initialised', {
          session: id,
          afterMs: limits.sessionInitTimeoutMs,
        });
        closeSession(session, 'not initialised in time');
      }
    }, limits.sessionInitTimeoutMs);
    session.initTimer.unref?.();
    if (transport instanceof NodeStreamableHTTPServerTransport) {
      guardSends(session);
    }
    server.oninitialized = () => {
      clock.clearTimeout(session.initTimer);
      const client = server.getClientVersion();
      info.clientName = client?.name ?? 'unknown';
      info.clientVersion = client?.version;
      session.opened = true;
      emitSession('session.opened', info);
    };
    session.attachment = catalog.attachSession({
      id,
      get clientName() {
        return info.clientName;
      },
      input: sessionInput(server, clientName),
      notify: (method, params) => {
        void server.notification({ method, params }).catch(() => undefined);
      },
    });
    transport.onclose = () => closeSession(session, 'transport closed');
    return session;
  }

  function overCapacity(res: ServerResponse): boolean {
    if (legacy.size >= limits.maxSessions) {
      // Half-open sessions (no notifications/initialized yet) give way to a new client, oldest first.
      for (const s of legacy.values()) {
        if (!s.opened) {
          logger.info('closed a session that was never initialised to make room', { session: s.id });
          closeSession(s, 'evicted: never initialised');
          return false;
        }
      }
      sendJsonRpcError(
        res,
        503,
        -32000,
        `The gateway already has ${legacy.size} client sessions, its limit (gateway.limits.maxSessions). Close unused clients or raise the limit.`,
        { 'retry-after': '5' },
      );
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------ 2026-07-28 requests

  /** One 2026-07-28 handler per scope and token (each token sees its own profile under its own name). */
  function modernFor(scopeKey: string, client: ClientIdentity) {
    const key = `${scopeKey}\0${client.tokenId ?? ''}`;
    let entry = modernHandlers.get(key);
    if (entry === undefined) {
      const { scope, meta: scopeMeta } = scopeOf(scopeKey, client);
      const handler = createMcpHandler(
        (rctx) => {
          void rctx;
          return buildServer({
            catalog,
            scope,
            logger,
            version,
            era: 'modern',
            bridge,
            meta: scopeMeta,
            profile: client.tokenId === undefined ? undefined : client.profile.name,
            clientName: (_server, ctx) => {
              const envelope = ctx?.mcpReq.envelope as Record<string, unknown> | undefined;
              const c = envelope?.[CLIENT_INFO_META_KEY] as { name: string; version?: string } | undefined;
              if (c !== undefined) {
                touchModern(scopeKey, client, c.name, c.version);
              }
              return client.name ?? c?.name ?? 'unknown';
            },
          });
        },
        {
          legacy: 'reject',
          maxSubscriptions: Math.max(1, limits.maxSessions),
          keepAliveMs: 15_000,
          maxRequestBodySize: limits.maxBodyBytes,
          onerror: (err) => logger.debug('modern request error', { err: err.message }),
        },
      );
      const onerror = (err: Error) => logger.debug('modern request error', { err: err.message });
      entry = {
        handler,
        node: toNodeHandler(handler, { onerror }),
        stream: (req, res, body) =>
          toNodeHandler(
            {
              fetch: async (request, extra) =>
                boundedResponse(
                  await handler.fetch(request, extra),
                  () => limits.maxStreamBufferBytes,
                  (waiting) => {
                    logger.warn('dropped a client that is not reading its stream', {
                      client: client.name ?? 'modern client',
                      stream: 'subscriptions/listen',
                      waitingBytes: waiting,
                      limit: limits.maxStreamBufferBytes,
                    });
                    res.destroy();
                  },
                ),
            },
            { onerror },
          )(req, res, body),
        listen: createListenRelay({
          catalog,
          scope,
          clientName: client.name ?? 'modern client',
          bus: handler.bus,
          logger,
        }),
      };
      modernHandlers.set(key, entry);
    }
    return entry;
  }

  /** 2026-07-28 has no sessions; clients are tracked by name so the dashboard can show them. */
  function touchModern(
    scopeKey: string,
    client: ClientIdentity,
    name: string,
    clientVersion: string | undefined,
  ): void {
    const key = `${scopeKey}\0${client.tokenId ?? ''}\0${name}\0${clientVersion ?? ''}`;
    const now = clock.now();
    const existing = modernClients.get(key);
    if (existing !== undefined) {
      existing.info.lastSeenAt = now;
      return;
    }
    const info: SessionInfo = {
      id: `modern-${randomUUID()}`,
      clientName: name,
      clientVersion,
      era: 'modern',
      transport: 'http',
      scope: scopeLabel(scopeKey),
      openedAt: now,
      lastSeenAt: now,
      ...(client.name !== undefined ? { client: client.name, profile: client.profile.name } : {}),
    };
    modernClients.set(key, { info, tokenId: client.tokenId });
    emitSession('session.opened', info);
  }

  // ------------------------------------------------------------ HTTP

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
          trackStream(s, res);
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
      if (
        scopeKey !== 'meta' &&
        refuseMismatchedParams(catalog, scopeOf(scopeKey, client).scope, body, req, res)
      ) {
        return;
      }
      const modern = modernFor(scopeKey, client);
      const uris = listenUris(body);
      if (uris === undefined) {
        await modern.node(req, res, body);
        return;
      }
      // The stream's URIs are subscribed at their backends for as long as it stays open, and its
      // acknowledgement honours only those a backend accepted.
      let ended = false;
      const stream = { release: (): void => void (ended = true) };
      res.once('close', () => stream.release());
      const held = await modern.listen.acquire(uris);
      if (ended) {
        held.release();
        return;
      }
      stream.release = held.release;
      await modern.stream(req, res, withHonoredUris(body, held.honored));
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
    if (overCapacity(res)) {
      return;
    }
    const session = newSession(scopeKey, client, 'http', (id) => {
      const t = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => id,
        onsessioninitialized: () => {
          legacy.set(id, session);
        },
        onsessionclosed: () => closeSession(session, 'client ended the session'),
      });
      return t;
    });
    await session.server.connect(session.transport);
    await (session.transport as NodeStreamableHTTPServerTransport).handleRequest(req, res, body);
    if (!legacy.has(session.id)) {
      // initialize failed (bad params, unsupported version): nothing to keep.
      closeSession(session, 'initialize failed');
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
    trackStream(s, res);
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
    if (client === undefined || overCapacity(res)) {
      return;
    }
    const session = newSession(
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
      closeSession(session, 'connect failed');
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
    for (const s of legacy.values()) {
      if (!s.opened) {
        continue;
      }
      const send = (p: Promise<void>) => void p.catch(() => undefined);
      if (change.tools === true) {
        send(s.server.sendToolListChanged());
      }
      if (change.resources === true) {
        send(s.server.sendResourceListChanged());
      }
      if (change.prompts === true) {
        send(s.server.sendPromptListChanged());
      }
    }
    for (const { handler } of modernHandlers.values()) {
      if (change.tools === true) {
        void Promise.resolve(handler.notify.toolsChanged()).catch(() => undefined);
      }
      if (change.resources === true) {
        void Promise.resolve(handler.notify.resourcesChanged()).catch(() => undefined);
      }
      if (change.prompts === true) {
        void Promise.resolve(handler.notify.promptsChanged()).catch(() => undefined);
      }
    }
  }
  const listSub = catalog.onListChanged((change) => notifyListChanged(change));
  // A revoked token (or one moved to another profile) ends its sessions at once.
  const revokedSub = identity.onRevoked((client) => {
    for (const s of [...legacy.values()]) {
      if (s.client.tokenId === client.tokenId) {
        closeSession(s, 'client token revoked');
      }
    }
    for (const [key, m] of [...modernHandlers]) {
      if (key.endsWith(`\0${client.tokenId ?? ''}`) && client.tokenId !== undefined) {
        modernHandlers.delete(key);
        m.listen.dispose();
        void Promise.resolve(m.handler.close()).catch(() => undefined);
      }
    }
    for (const [key, c] of [...modernClients]) {
      if (c.tokenId !== undefined && c.tokenId === client.tokenId) {
        modernClients.delete(key);
        emitSession('session.closed', c.info);
      }
    }
  });

  let sweepTimer: TimerHandle | undefined;
  const sweep = () => {
    const now = clock.now();
    for (const s of [...legacy.values()]) {
      if (now - s.info.lastSeenAt > limits.sessionIdleMs) {
        closeSession(s, 'idle');
      }
    }
    for (const [key, c] of [...modernClients]) {
      if (now - c.info.lastSeenAt > limits.sessionIdleMs) {
        modernClients.delete(key);
        emitSession('session.closed', c.info);
      }
    }
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
      list: () => [
        ...[...legacy.values()].filter((s) => s.opened).map((s) => ({ ...s.info })),
        ...[...modernClients.values()].map((c) => ({ ...c.info })),
      ],
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
      for (const s of [...legacy.values()]) {
        closeSession(s, 'gateway closing');
      }
      bridge.close();
      for (const m of modernHandlers.values()) {
        m.listen.dispose();
      }
      await Promise.allSettled([...modernHandlers.values()].map((m) => m.handler.close()));
      modernHandlers.clear();
      for (const c of modernClients.values()) {
        emitSession('session.closed', c.info);
      }
      modernClients.clear();
    },
  };
}
