import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { Server } from '@modelcontextprotocol/server';

import type { SessionInfo } from '../../../src-shared/events.js';
import type { Catalog, ListChange } from '../catalog/index.js';
import type { ClientIdentity } from '../identity/index.js';
import type { Clock, Disposable, EventBus, Logger, TimerHandle } from '../types.js';
import type { FastPath, FastSession } from './fast-path.js';
import { buildServer, sessionInput } from './handlers.js';
import { sendJsonRpcError } from './http-util.js';
import type { Limits } from './limits.js';
import type { Scopes } from './scopes.js';
import { scopeLabel } from './scopes.js';
import { emitSession } from './session-events.js';
import type { SseServerTransport } from './sse-transport.js';
import { createPendingNotices, type PendingNotices, type StreamNotice } from './stream-notices.js';

/** A 2025-era session: one SDK Server and one transport (Streamable HTTP, or the old HTTP+SSE). */
export interface LegacySession {
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
  /** Notifications to send once the client opens its GET stream (see `notifyOnStream`). */
  notices: PendingNotices;
}

export interface SessionTableDeps {
  catalog: Catalog;
  logger: Logger;
  clock: Clock;
  bus: EventBus;
  version: string;
  limits: Limits;
  scopes: Pick<Scopes, 'scopeOf'>;
  fastPath: Pick<FastPath, 'drop'>;
}

/** The 2025-era sessions: the table, opening and closing, and what applies to all of them. */
export interface SessionTable {
  /** Every session by id, half-open ones (no notifications/initialized yet) included. */
  readonly byId: Map<string, LegacySession>;
  /** A new session, not yet in the table: its transport adds it once its id is out. */
  open(
    scopeKey: string,
    client: ClientIdentity,
    transportKind: 'http' | 'sse',
    makeTransport: (id: string) => LegacySession['transport'],
    /** The id of a session opened before the engine loaded (see early/); default a new one. */
    id?: string,
  ): LegacySession;
  close(s: LegacySession, why: string): void;
  /** Keep `res` among the session's streams while it is open; a GET stream gets the notices kept. */
  trackStream(s: LegacySession, res: ServerResponse): void;
  /**
   * Send `notice` on the session's standalone (GET) stream: now when it is open, else once the
   * client opens it (kept per session, bounded, dropped with the session).
   */
  notifyOnStream(s: LegacySession, notice: StreamNotice): void;
  /** True when the table is full (and 503 was sent); a half-open session gives way first. */
  overCapacity(res: ServerResponse): boolean;
  notifyListChanged(change: Partial<ListChange>): void;
  /** Close the sessions opened with this token. */
  closeForToken(tokenId: string | undefined, why: string): void;
  /** Close the sessions not seen for `gateway.limits.sessionIdleMs`. */
  sweep(now: number): void;
  closeAll(why: string): void;
  /** The open sessions, as the dashboard shows them. */
  list(): SessionInfo[];
}

type Close = (s: LegacySession, why: string) => void;

export function createSessionTable(deps: SessionTableDeps): SessionTable {
  const { logger, clock, bus, limits } = deps;
  const byId = new Map<string, LegacySession>();

  function close(s: LegacySession, why: string): void {
    if (s.closed) {
      return;
    }
    s.closed = true;
    s.notices.take();
    clock.clearTimeout(s.initTimer);
    byId.delete(s.id);
    deps.fastPath.drop(s.id);
    s.attachment?.dispose();
    if (s.opened) {
      emitSession(bus, clock, 'session.closed', s.info);
    }
    logger.debug('session closed', { session: s.id, why });
    void s.transport.close().catch(() => undefined);
    void s.server.close().catch(() => undefined);
  }

  return {
    byId,
    open: (scopeKey, client, transportKind, makeTransport, id) =>
      openSession(deps, close, { scopeKey, client, transportKind, id: id ?? randomUUID() }, makeTransport),
    close,
    trackStream(s, res) {
      s.streams.add(res);
      res.once('close', () => s.streams.delete(res));
      if (res.req.method === 'GET' && s.notices.size > 0) {
        const due = s.notices.take();
        // Once the transport has taken the stream (a few callbacks from now).
        setImmediate(() => due.forEach((notice) => sendNotice(s, notice)));
      }
    },
    notifyOnStream(s, notice) {
      if (s.closed) {
        return;
      }
      if ([...s.streams].some((res) => res.req.method === 'GET')) {
        sendNotice(s, notice);
      } else if (!s.notices.add(notice)) {
        logger.debug('dropped a notice for a session whose stream is not open', {
          session: s.id,
          method: notice.method,
        });
      }
    },
    overCapacity(res) {
      return overCapacity(byId, limits, logger, close, res);
    },
    notifyListChanged(change) {
      notifySessions(byId, change);
    },
    closeForToken(tokenId, why) {
      for (const s of [...byId.values()]) {
        if (s.client.tokenId === tokenId) {
          close(s, why);
        }
      }
    },
    sweep(now) {
      for (const s of [...byId.values()]) {
        if (now - s.info.lastSeenAt > limits.sessionIdleMs) {
          close(s, 'idle');
        }
      }
    },
    closeAll(why) {
      for (const s of [...byId.values()]) {
        close(s, why);
      }
    },
    list: () => [...byId.values()].filter((s) => s.opened).map((s) => ({ ...s.info })),
  };
}

function sendNotice(s: LegacySession, notice: StreamNotice): void {
  if (!s.closed) {
    void s.server.notification(notice).catch(() => undefined);
  }
}

function sessionInfo(
  id: string,
  scopeKey: string,
  client: ClientIdentity,
  transportKind: 'http' | 'sse',
  now: number,
): SessionInfo {
  return {
    id,
    clientName: 'unknown',
    era: 'legacy',
    transport: transportKind,
    scope: scopeLabel(scopeKey),
    openedAt: now,
    lastSeenAt: now,
    ...(client.name !== undefined ? { client: client.name, profile: client.profile.name } : {}),
  };
}

/**
 * Backpressure on what the SDK streams to a 2025-era client (forwarded notifications on the GET
 * stream, messages on a POST's SSE answer): the SDK waits for 'drain' and queues the rest, so
 * what is sent while a stream waits is counted, and a client that falls too far behind is dropped.
 */
function guardSends(s: LegacySession, limits: Limits, logger: Logger, close: Close): void {
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
    close(s, 'client not reading its stream');
    return Promise.resolve();
  };
}

function overCapacity(
  byId: Map<string, LegacySession>,
  limits: Limits,
  logger: Logger,
  close: Close,
  res: ServerResponse,
): boolean {
  if (byId.size >= limits.maxSessions) {
    // Half-open sessions (no notifications/initialized yet) give way to a new client, oldest first.
    for (const s of byId.values()) {
      if (!s.opened) {
        logger.info('closed a session that was never initialised to make room', { session: s.id });
        close(s, 'evicted: never initialised');
        return false;
      }
    }
    sendJsonRpcError(
      res,
      503,
      -32000,
      `The gateway already has ${byId.size} client sessions, its limit (gateway.limits.maxSessions). Close unused clients or raise the limit.`,
      { 'retry-after': '5' },
    );
    return true;
  }
  return false;
}

function notifySessions(byId: Map<string, LegacySession>, change: Partial<ListChange>): void {
  for (const s of byId.values()) {
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
}

/** A new session: its Server, transport, handshake timer and catalog attachment. */
function openSession(
  deps: SessionTableDeps,
  close: Close,
  opening: { scopeKey: string; client: ClientIdentity; transportKind: 'http' | 'sse'; id: string },
  makeTransport: (id: string) => LegacySession['transport'],
): LegacySession {
  const { catalog, logger, clock, limits } = deps;
  const { scopeKey, client, transportKind, id } = opening;
  const { scope, meta } = deps.scopes.scopeOf(scopeKey, client);
  const info = sessionInfo(id, scopeKey, client, transportKind, clock.now());
  // Calls are attributed to the token's name; without a token, to the handshake's client name.
  const clientName = () => client.name ?? info.clientName;
  const profile = client.tokenId === undefined ? undefined : client.profile.name;
  const server = buildServer({
    catalog,
    scope,
    logger,
    version: deps.version,
    era: 'legacy',
    sessionId: id,
    clientName,
    profile,
    meta,
    onRootsChanged: () => catalog.rootsChanged(id),
  });
  const transport = makeTransport(id);
  const fast: FastSession = { id, server, scope, meta, clientName, profile };
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
    notices: createPendingNotices(),
  };
  startInitTimer(deps, close, session);
  if (transport instanceof NodeStreamableHTTPServerTransport) {
    guardSends(session, limits, logger, close);
  }
  attach(deps, session, clientName);
  transport.onclose = () => close(session, 'transport closed');
  return session;
}

/** The handshake opens the session; the catalog routes server→client requests to it. */
function attach(deps: SessionTableDeps, session: LegacySession, clientName: () => string): void {
  const { catalog, clock, bus } = deps;
  const { server, info } = session;
  server.oninitialized = () => {
    clock.clearTimeout(session.initTimer);
    const client = server.getClientVersion();
    info.clientName = client?.name ?? 'unknown';
    info.clientVersion = client?.version;
    session.opened = true;
    emitSession(bus, clock, 'session.opened', info);
  };
  session.attachment = catalog.attachSession({
    id: session.id,
    get clientName() {
      return info.clientName;
    },
    input: sessionInput(server, clientName),
    notify: (method, params) => {
      void server.notification({ method, params }).catch(() => undefined);
    },
  });
}

/** A client that starts a session and never finishes the handshake holds a slot: not for long. */
function startInitTimer(deps: SessionTableDeps, close: Close, session: LegacySession): void {
  const { clock, logger, limits } = deps;
  session.initTimer = clock.setTimeout(() => {
    if (!session.opened) {
      logger.info('closed a session that was never initialised', {
        session: session.id,
        afterMs: limits.sessionInitTimeoutMs,
      });
      close(session, 'not initialised in time');
    }
  }, limits.sessionInitTimeoutMs);
  session.initTimer.unref?.();
}

/**
 * A new session over Streamable HTTP: it joins the table once its transport has answered
 * initialize, and leaves it when the client ends it.
 */
export function openStreamableSession(
  sessions: SessionTable,
  scopeKey: string,
  client: ClientIdentity,
  id?: string,
): LegacySession {
  const session = sessions.open(
    scopeKey,
    client,
    'http',
    (sessionId) =>
      new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => sessionId,
        onsessioninitialized: () => {
          sessions.byId.set(sessionId, session);
        },
        onsessionclosed: () => sessions.close(session, 'client ended the session'),
      }),
    id,
  );
  return session;
}
