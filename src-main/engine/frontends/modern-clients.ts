import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { toNodeHandler } from '@modelcontextprotocol/node';
import { CLIENT_INFO_META_KEY, createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';

import type { SessionInfo } from '../../../src-shared/events.js';
import type { Catalog, ListChange } from '../catalog/index.js';
import type { ClientIdentity } from '../identity/index.js';
import type { Clock, EventBus, Logger } from '../types.js';
import { boundedResponse } from './bounded-stream.js';
import { buildServer } from './handlers.js';
import type { Limits } from './limits.js';
import { createListenRelay, type ListenRelay, listenUris, withHonoredUris } from './listen.js';
import type { MrtrBridge } from './mrtr.js';
import { refuseMismatchedParams } from './param-headers.js';
import { scopeLabel, type Scopes } from './scopes.js';
import { emitSession } from './session-events.js';

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

export interface ModernDeps {
  catalog: Catalog;
  logger: Logger;
  clock: Clock;
  bus: EventBus;
  version: string;
  limits: Limits;
  scopes: Pick<Scopes, 'scopeOf'>;
  bridge: MrtrBridge;
}

/**
 * 2026-07-28 requests: no sessions, one handler per scope and token (each token sees its own
 * profile under its own name), and the clients seen, tracked by name for the dashboard.
 */
export interface ModernClients {
  /**
   * Answer a 2026-07-28 request whose body was read (a listen stream holds its URIs meanwhile);
   * undefined when it was refused at once (custom headers that do not match the body).
   */
  serve(
    scopeKey: string,
    client: ClientIdentity,
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
  ): Promise<void> | undefined;
  notifyListChanged(change: Partial<ListChange>): void;
  /** Drop the handlers and clients of a revoked token. */
  revoke(tokenId: string | undefined): void;
  /** Forget the clients not seen for `gateway.limits.sessionIdleMs`. */
  sweep(now: number): void;
  close(): Promise<void>;
  list(): SessionInfo[];
}

export function createModernClients(deps: ModernDeps): ModernClients {
  const { catalog, clock, bus } = deps;
  const handlers = new Map<string, ModernHandler>();
  const clients = new Map<string, ModernClient>();

  /** 2026-07-28 has no sessions; clients are tracked by name so the dashboard can show them. */
  function touch(scopeKey: string, client: ClientIdentity, name: string, version: string | undefined): void {
    const key = `${scopeKey}\0${client.tokenId ?? ''}\0${name}\0${version ?? ''}`;
    const now = clock.now();
    const existing = clients.get(key);
    if (existing !== undefined) {
      existing.info.lastSeenAt = now;
      return;
    }
    const info = clientInfo(scopeKey, client, name, version, now);
    clients.set(key, { info, tokenId: client.tokenId });
    emitSession(bus, clock, 'session.opened', info);
  }

  function forget(key: string, c: ModernClient): void {
    clients.delete(key);
    emitSession(bus, clock, 'session.closed', c.info);
  }

  return {
    // Not async: the caller awaits what it returns, so a request costs no await of its own here.
    serve(scopeKey, client, req, res, body) {
      if (
        scopeKey !== 'meta' &&
        refuseMismatchedParams(catalog, deps.scopes.scopeOf(scopeKey, client).scope, body, req, res)
      ) {
        return undefined;
      }
      const key = `${scopeKey}\0${client.tokenId ?? ''}`;
      let modern = handlers.get(key);
      if (modern === undefined) {
        modern = newHandler(deps, scopeKey, client, touch);
        handlers.set(key, modern);
      }
      const uris = listenUris(body);
      return uris === undefined ? modern.node(req, res, body) : serveListen(modern, req, res, body, uris);
    },
    notifyListChanged: (change) => notifyHandlers(handlers, change),
    revoke(tokenId) {
      dropHandlers(handlers, tokenId);
      for (const [key, c] of [...clients]) {
        if (c.tokenId !== undefined && c.tokenId === tokenId) {
          forget(key, c);
        }
      }
    },
    sweep(now) {
      for (const [key, c] of [...clients]) {
        if (now - c.info.lastSeenAt > deps.limits.sessionIdleMs) {
          forget(key, c);
        }
      }
    },
    async close() {
      for (const m of handlers.values()) {
        m.listen.dispose();
      }
      await Promise.allSettled([...handlers.values()].map((m) => m.handler.close()));
      handlers.clear();
      for (const c of clients.values()) {
        emitSession(bus, clock, 'session.closed', c.info);
      }
      clients.clear();
    },
    list: () => [...clients.values()].map((c) => ({ ...c.info })),
  };
}

/**
 * A `subscriptions/listen` stream: its URIs are subscribed at their backends for as long as it
 * stays open, and its acknowledgement honours only those a backend accepted.
 */
async function serveListen(
  modern: ModernHandler,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  uris: string[],
): Promise<void> {
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
}

function newHandler(
  deps: ModernDeps,
  scopeKey: string,
  client: ClientIdentity,
  touch: (scopeKey: string, client: ClientIdentity, name: string, version: string | undefined) => void,
): ModernHandler {
  const { catalog, logger, limits } = deps;
  const { scope, meta } = deps.scopes.scopeOf(scopeKey, client);
  const handler = createMcpHandler(
    (rctx) => {
      void rctx;
      return buildServer({
        catalog,
        scope,
        logger,
        version: deps.version,
        era: 'modern',
        bridge: deps.bridge,
        meta,
        profile: client.tokenId === undefined ? undefined : client.profile.name,
        clientName: (_server, ctx) => {
          const envelope = ctx?.mcpReq.envelope as Record<string, unknown> | undefined;
          const c = envelope?.[CLIENT_INFO_META_KEY] as { name: string; version?: string } | undefined;
          if (c !== undefined) {
            touch(scopeKey, client, c.name, c.version);
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
  return {
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
}

function notifyHandlers(handlers: Map<string, ModernHandler>, change: Partial<ListChange>): void {
  for (const { handler } of handlers.values()) {
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

/** The handlers of a revoked token end, with their listen streams. */
function dropHandlers(handlers: Map<string, ModernHandler>, tokenId: string | undefined): void {
  for (const [key, m] of [...handlers]) {
    if (key.endsWith(`\0${tokenId ?? ''}`) && tokenId !== undefined) {
      handlers.delete(key);
      m.listen.dispose();
      void Promise.resolve(m.handler.close()).catch(() => undefined);
    }
  }
}

function clientInfo(
  scopeKey: string,
  client: ClientIdentity,
  name: string,
  version: string | undefined,
  now: number,
): SessionInfo {
  return {
    id: `modern-${randomUUID()}`,
    clientName: name,
    clientVersion: version,
    era: 'modern',
    transport: 'http',
    scope: scopeLabel(scopeKey),
    openedAt: now,
    lastSeenAt: now,
    ...(client.name !== undefined ? { client: client.name, profile: client.profile.name } : {}),
  };
}
