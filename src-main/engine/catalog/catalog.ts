import {
  type Client,
  type ClientCapabilities,
  type McpSubscription,
  type Prompt,
  ProtocolError,
  ProtocolErrorCode,
  type Resource,
  type ResourceTemplateType as ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/client';

import { GatewayError } from '../../../src-shared/errors.js';
import { HIDDEN_BY_CONTROLS, type HiddenReason } from '../../../src-shared/hidden-reasons.js';
import { errorText } from '../../../src-shared/values.js';
import { selectTools as contextSelectTools } from '../context/index.js';
import type {
  BackendConnection,
  BackendHooks,
  CallContext,
  CatalogApi,
  CatalogTool,
  Clock,
  ConfigStore,
  Disposable,
  EventBus,
  Logger,
  SupervisorApi,
  TimerHandle,
} from '../types.js';
import { createCallLog } from './call-log.js';
import { CHANGE_DEBOUNCE_MS, createChangeFeed, type ListChange } from './changes.js';
import { createClientRequests } from './client-requests.js';
import { createForwarder, type ForwardContext } from './forwarding.js';
import type { ListCache } from './list-cache.js';
import type { SelectTools } from './select.js';
import { createSessions, type SessionPeer } from './sessions.js';
import { settingsOf } from './settings.js';
import { createViews, type ServerLists } from './views.js';
import { anyResult, fetchAll, type ListKind } from './wire.js';

/**
 * What a client may see, as the frontends set it per session or request.
 * `undefined` server = every server (prefixed names); a name = passthrough to that server.
 */
export interface Scope {
  server?: string;
  /** The client's profile (identity/profiles.ts): narrows lists and calls; absent = everything. */
  profile?: ScopeProfile;
}

/** A profile as the catalog applies it: the subset of `ProfileView` this seam needs. */
export interface ScopeProfile {
  readonly all: boolean;
  allowsServer(server: string): boolean;
  allowsTool(server: string, id: string): boolean;
  memo<T>(key: object, make: () => T): T;
}

export interface CatalogDeps {
  supervisor: SupervisorApi;
  config: ConfigStore;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  /** Tool selection policy. Default: the context module's filters, budgets, compaction and token counts. */
  selectTools?: SelectTools;
  /** Where each server's lists are kept across restarts (served while it sleeps). */
  listCache?: ListCache;
}

/** The catalog: CatalogApi for the control API plus the routing surface the frontends use. */
export interface Catalog extends CatalogApi {
  /** Give these to the supervisor: client capabilities and handlers for every backend Client. */
  readonly hooks: BackendHooks;
  /** Servers with a live shared connection and loaded lists. */
  servers(): string[];
  /** Whether `server` is configured (for `/mcp/<server>` 404s). */
  hasServer(server: string): boolean;
  listTools(scope: Scope): Tool[];
  listResources(scope: Scope): Resource[];
  listResourceTemplates(scope: Scope): ResourceTemplate[];
  listPrompts(scope: Scope): Prompt[];
  /** The protocol era of a server's live connection (undefined while it is not running). */
  eraOf(server: string): 'legacy' | 'modern' | undefined;
  /** Backend calls in flight, per server (tests, diagnostics). */
  inFlight(server?: string): number;
  /** Resolve an exposed tool name in a scope. */
  resolveTool(scope: Scope, name: string): { server: string; name: string } | undefined;
  callTool(
    target: { id: string } | { server: string; name: string },
    args: Record<string, unknown>,
    ctx: ForwardContext,
  ): Promise<Record<string, unknown>>;
  readResource(
    scope: Scope,
    params: Record<string, unknown>,
    ctx: ForwardContext,
  ): Promise<Record<string, unknown>>;
  getPrompt(
    scope: Scope,
    params: Record<string, unknown>,
    ctx: ForwardContext,
  ): Promise<Record<string, unknown>>;
  complete(
    scope: Scope,
    params: Record<string, unknown>,
    ctx: ForwardContext,
  ): Promise<Record<string, unknown>>;
  subscribe(sessionId: string, scope: Scope, uri: string): Promise<void>;
  unsubscribe(sessionId: string, scope: Scope, uri: string): Promise<void>;
  /** Register a frontend session; dispose when it ends (drops its subscriptions and dedicated backends). */
  attachSession(peer: SessionPeer): Disposable;
  /** The session's roots changed: tell its backends. */
  rootsChanged(sessionId: string): void;
  /** Run the selection again because one of its inputs outside the config changed (tool trust). */
  reselect(): void;
  /** Fires (debounced) when what clients see changed. */
  onListChanged(listener: (change: ListChange) => void): Disposable;
  /**
   * Resolve once `server` is up: a sleeping server is woken (started once, however many ask)
   * and the caller waits, with a progress notification when it asked for progress.
   */
  ensureAwake(server: string, ctx?: CallContext): Promise<void>;
  /** Wait until the lists of all currently connected servers are loaded (tests, startup). */
  settled(): Promise<void>;
  /**
   * Shortly after the gateway starts, wait (bounded) for the servers that are still starting,
   * so a client that connects at the same moment sees every tool instead of an empty list it
   * may never refresh. Resolves at once later on.
   */
  startupSettled(): Promise<void>;
  close(): Promise<void>;
}

/** How long after start a first listing waits for servers that are still starting, and for how long at most. */
const STARTUP_WINDOW_MS = 30_000;
const STARTUP_WAIT_MS = 8_000;
/** Held back by tool trust until the user reviews it: callers learn why instead of "unknown tool". */
const HELD_BACK: HiddenReason = 'held-back';

export function createCatalog(deps: CatalogDeps): Catalog {
  const { supervisor, bus, clock } = deps;
  const createdAt = clock.now();
  const logger = deps.logger.child({ component: 'catalog' });
  const select: SelectTools = deps.selectTools ?? contextSelectTools;
  let settings = settingsOf(deps.config.current());

  const lists = new Map<string, ServerLists>();
  /** Servers whose lists came from the cache and have not been confirmed by the live server yet. */
  const fromCache = new Set<string>();
  /** Open subscriptions keep their server awake: one hold per `${server}\0${uri}`. */
  const awakeHolds = new Map<string, Disposable>();
  const loading = new Map<string, Promise<void>>();
  /** Which shared connection lists were loaded from, to ignore late refreshes of an old one. */
  const loadedFrom = new Map<string, Client>();
  const views = createViews({ lists, settings: () => settings, select, logger });
  const changes = createChangeFeed({
    clock,
    bus,
    counts: () => {
      const o = views.others();
      return { tools: views.tools().visibleAll.length, resources: o.resourcesAll.length, prompts: o.promptsAll.length };
    },
  });

  const sessions = createSessions({ supervisor, logger });
  const callLog = createCallLog({ bus });
  const forwarder = createForwarder({
    supervisor,
    clock,
    settings: () => settings,
    openDedicated: (server, sessionId) => sessions.open(server, sessionId),
    resolve: (target) => resolveTarget(target),
    log: callLog,
  });
  const requests = createClientRequests({
    callsOn: (client) => forwarder.callsOn(client),
    sessionOf: (client) => sessions.sessionOf(client),
    sessionInput: (sessionId) => sessions.peer(sessionId)?.input,
    notify: (sessionId, method, params) => sessions.peer(sessionId)?.notify(method, params),
    logger,
  });
  const subscriptions = new Map<string, Set<string>>(); // `${server}\0${uri}` → session ids
  /** 2026-era backends: the open listen stream per connection (list changes + subscribed URIs). */
  const listens = new Map<Client, { sub: Promise<McpSubscription | undefined>; uris: string }>();
  const refreshTimers = new Map<string, TimerHandle>();
  let closed = false;

  // ------------------------------------------------------------ loading lists

  const KIND_CHANGE: Record<ListKind, Partial<ListChange>> = {
    tools: { tools: true },
    resources: { resources: true },
    resourceTemplates: { resources: true },
    prompts: { prompts: true },
  };

  function applyList(server: string, kind: ListKind, items: unknown[]): void {
    const l = lists.get(server);
    if (l === undefined) {
      return;
    }
    if (JSON.stringify(l[kind]) === JSON.stringify(items)) {
      return; // a refresh with no difference must not wake every client
    }
    (l as unknown as Record<ListKind, unknown[]>)[kind] = items;
    views.invalidate(kind === 'tools' ? { tools: true } : { others: true });
    changes.schedule(server, KIND_CHANGE[kind]);
  }

  async function loadServer(server: string, conn: BackendConnection): Promise<void> {
    const log = logger.child({ server });
    const fetchOrEmpty = async <K extends ListKind>(kind: K) => {
      try {
        return await fetchAll(conn.client, kind, log, settings.listTimeoutMs);
      } catch (err) {
        log.warn(`could not list ${kind}`, { err: errorText(err) });
        return [];
      }
    };
    const [tools, resources, resourceTemplates, prompts] = await Promise.all([
      fetchOrEmpty('tools'),
      fetchOrEmpty('resources'),
      fetchOrEmpty('resourceTemplates'),
      fetchOrEmpty('prompts'),
    ]);
    if (closed || supervisor.connection(server) !== conn) {
      return; // the connection went away while we were listing
    }
    const next: ServerLists = { tools, resources, resourceTemplates, prompts };
    const before = lists.get(server);
    // Lists served from the cache (while it slept) are announced only where the server differs.
    const differs = (kinds: ListKind[]) =>
      before === undefined || kinds.some((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
    const change: ListChange = {
      tools: differs(['tools']),
      resources: differs(['resources', 'resourceTemplates']),
      prompts: differs(['prompts']),
    };
    lists.set(server, next);
    fromCache.delete(server);
    loadedFrom.set(server, conn.client);
    views.invalidate({ tools: change.tools, others: change.resources || change.prompts });
    if (change.tools || change.resources || change.prompts) {
      changes.schedule(server, change);
    }
    saveToCache(server, conn);
    log.info('catalog loaded', {
      tools: tools.length,
      resources: resources.length,
      templates: resourceTemplates.length,
      prompts: prompts.length,
    });
    if (conn.era === 'modern') {
      // 2026-07-28 backends push list changes and resource updates only on a listen stream.
      void relisten(server, conn.client).catch((err: unknown) =>
        log.debug('no subscriptions/listen stream', { err: errorText(err) }),
      );
      return;
    }
    // Re-establish subscriptions clients hold on this server (after a restart).
    for (const key of subscriptions.keys()) {
      const [s, uri] = key.split('\0') as [string, string];
      if (s === server) {
        conn.client
          .request({ method: 'resources/subscribe', params: { uri } }, anyResult)
          .catch((err: unknown) => {
            log.warn('could not renew a resource subscription', { uri, err: errorText(err) });
          });
      }
    }
  }

  /** Keep what the server listed, for serving it while it sleeps and after a restart. */
  function saveToCache(server: string, conn: BackendConnection): void {
    const cfg = settings.servers.get(server);
    const l = lists.get(server);
    if (deps.listCache === undefined || cfg === undefined || l === undefined) {
      return;
    }
    const capabilities = conn.client.getServerCapabilities();
    deps.listCache.set(server, cfg, {
      ...l,
      ...(conn.serverInfo !== undefined ? { serverInfo: conn.serverInfo } : {}),
      ...(capabilities !== undefined ? { capabilities } : {}),
      ...(conn.instructions !== undefined ? { instructions: conn.instructions } : {}),
      ...(conn.protocolVersion !== undefined ? { protocolVersion: conn.protocolVersion } : {}),
    });
  }

  /** Serve a server's cached lists (it sleeps, or starts and has not listed yet). */
  function loadFromCache(server: string): boolean {
    const cfg = settings.servers.get(server);
    const cached = cfg === undefined ? undefined : deps.listCache?.get(server, cfg);
    if (cached === undefined || lists.has(server)) {
      return false;
    }
    lists.set(server, {
      tools: cached.tools,
      resources: cached.resources,
      resourceTemplates: cached.resourceTemplates,
      prompts: cached.prompts,
    });
    fromCache.add(server);
    views.invalidate({ tools: true, others: true });
    changes.schedule(server, { tools: true, resources: true, prompts: true });
    return true;
  }

  function dropLists(server: string): void {
    loadedFrom.delete(server);
    fromCache.delete(server);
    if (lists.delete(server)) {
      views.invalidate({ tools: true, others: true });
      changes.schedule(server, { tools: true, resources: true, prompts: true });
    }
  }

  function onState(server: string, state: string): void {
    if (closed || !settings.servers.has(server)) {
      return;
    }
    if (state === 'sleeping' || state === 'starting') {
      loadFromCache(server);
    } else if (state !== 'running' && state !== 'degraded' && supervisor.connection(server) === undefined) {
      // Stopped, disabled, failing: clients must not see tools nobody can call.
      dropLists(server);
    }
  }

  function urisOf(server: string): string[] {
    const out: string[] = [];
    for (const key of subscriptions.keys()) {
      const [s, uri] = key.split('\0') as [string, string];
      if (s === server) {
        out.push(uri);
      }
    }
    return out.sort();
  }

  /**
   * (Re)open a 2026-era backend's listen stream with the resource URIs clients subscribed to:
   * how 2025-era `resources/subscribe` and `unsubscribe` reach such a backend. The new stream
   * opens before the old one closes, so no update falls in between. Returns whether the
   * backend honours a subscription to `uri` (when given).
   */
  async function relisten(server: string, client: Client, uri?: string): Promise<boolean> {
    const uris = urisOf(server);
    const key = uris.join('\0');
    const current = listens.get(client);
    if (current !== undefined && current.uris === key) {
      const sub = await current.sub;
      return uri === undefined || sub?.honoredFilter.resourceSubscriptions?.includes(uri) === true;
    }
    const next = client
      .listen({
        toolsListChanged: true,
        promptsListChanged: true,
        resourcesListChanged: true,
        ...(uris.length > 0 ? { resourceSubscriptions: uris } : {}),
      })
      .catch((err: unknown) => {
        logger.debug('no subscriptions/listen stream', { server, err: errorText(err) });
        return undefined;
      });
    listens.set(client, { sub: next, uris: key });
    const sub = await next;
    if (current !== undefined) {
      void current.sub.then((old) => old?.close()).catch(() => undefined);
    }
    if (sub === undefined) {
      if (listens.get(client)?.sub === next) {
        listens.delete(client);
      }
      return false;
    }
    void sub.closed.then(() => {
      if (listens.get(client)?.sub === next) {
        listens.delete(client);
      }
    });
    return uri === undefined || sub.honoredFilter.resourceSubscriptions?.includes(uri) === true;
  }

  function onConnection(server: string, conn: BackendConnection | undefined): void {
    if (closed) {
      return;
    }
    if (conn === undefined) {
      if (supervisor.get(server)?.state === 'sleeping') {
        loadedFrom.delete(server); // its lists stay: they are what it will list when woken
        return;
      }
      loadedFrom.delete(server);
      fromCache.delete(server);
      if (lists.delete(server)) {
        views.invalidate({ tools: true, others: true });
        changes.schedule(server, { tools: true, resources: true, prompts: true });
      }
      return;
    }
    const p = loadServer(server, conn)
      .catch((err: unknown) =>
        logger.error('loading a server catalog failed', { server, err: errorText(err) }),
      )
      .finally(() => {
        if (loading.get(server) === p) {
          loading.delete(server);
        }
      });
    loading.set(server, p);
  }

  function refresh(server: string, client: Client, kind: ListKind): void {
    const key = `${server}\0${kind}`;
    if (refreshTimers.has(key) || closed) {
      return;
    }
    const timer = clock.setTimeout(() => {
      refreshTimers.delete(key);
      if (loadedFrom.get(server) !== client) {
        return;
      }
      fetchAll(client, kind, logger.child({ server }), settings.listTimeoutMs)
        .then((items) => {
          if (loadedFrom.get(server) === client) {
            applyList(server, kind, items);
          }
        })
        .catch((err: unknown) => logger.warn(`could not refresh ${kind}`, { server, err: errorText(err) }));
    }, CHANGE_DEBOUNCE_MS);
    timer.unref?.();
    refreshTimers.set(key, timer);
  }

  // ------------------------------------------------------------ backend hooks

  function installHandlers(server: string, client: Client): void {
    client.setRequestHandler('sampling/createMessage', requests.handler(server, client, 'sampling/createMessage'));
    client.setRequestHandler('elicitation/create', requests.handler(server, client, 'elicitation/create'));
    client.setRequestHandler('roots/list', requests.handler(server, client, 'roots/list'));

    client.setNotificationHandler('notifications/tools/list_changed', () => refresh(server, client, 'tools'));
    client.setNotificationHandler('notifications/prompts/list_changed', () =>
      refresh(server, client, 'prompts'),
    );
    client.setNotificationHandler('notifications/resources/list_changed', () => {
      refresh(server, client, 'resources');
      refresh(server, client, 'resourceTemplates');
    });
    client.setNotificationHandler('notifications/resources/updated', (n) => {
      const uri = n.params.uri;
      const dedicatedSession = sessions.sessionOf(client);
      const targets =
        dedicatedSession !== undefined
          ? [dedicatedSession]
          : [...(subscriptions.get(`${server}\0${uri}`) ?? [])];
      for (const id of targets) {
        if (subscriptions.get(`${server}\0${uri}`)?.has(id) === true) {
          sessions.peer(id)?.notify('notifications/resources/updated', n.params as Record<string, unknown>);
        }
      }
    });
    client.setNotificationHandler('notifications/elicitation/complete', (n) =>
      requests.elicitationComplete(server, n.params as Record<string, unknown>),
    );
    client.setNotificationHandler('notifications/message', (n) =>
      requests.log(server, client, n.params as { level: string; data?: unknown; logger?: string }),
    );
  }

  /**
   * The SDK handles a response synchronously but notifications one microtask later, so a
   * backend's last progress notification, arriving in the same chunk as the result, would find
   * its request already gone and be dropped. Deferring responses by one microtask keeps the
   * wire order. (`_onresponse` is the Protocol's documented override point.)
   */
  function keepProgressOrder(client: Client): void {
    const target = client as unknown as { _onresponse: (response: unknown) => void };
    const original = target._onresponse.bind(client);
    target._onresponse = (response) => queueMicrotask(() => original(response));
  }

  const hooks: BackendHooks = {
    capabilities(): ClientCapabilities {
      return { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };
    },
    prepare(server, client, dedicatedFor) {
      if (dedicatedFor !== undefined) {
        sessions.dedicate(client, dedicatedFor);
      }
      keepProgressOrder(client);
      installHandlers(server, client);
    },
  };

  /**
   * A tool called by its server's own name on the aggregated endpoint (what an MCP App does):
   * found when exactly one server has a tool of that name that may be called.
   */
  function resolveOwnName(name: string): CatalogTool | undefined {
    const candidates = (views.tools().byOwnName.get(name) ?? []).filter(
      (t) => t.hiddenReason === undefined || !HIDDEN_BY_CONTROLS.has(t.hiddenReason),
    );
    if (candidates.length > 1) {
      const ids = candidates.map((t) => `"${t.id}"`).join(', ');
      throw new GatewayError(
        'TOOL_AMBIGUOUS',
        `Tool "${name}" is offered by ${candidates.length} servers; call it by its gateway name: ${ids}.`,
      );
    }
    return candidates[0];
  }

  function resolveTarget(target: { id: string } | { server: string; name: string }): CatalogTool {
    const tool =
      'id' in target
        ? (views.tools().byId.get(target.id) ?? resolveOwnName(target.id))
        : views.tools().byServer.get(target.server)?.get(target.name);
    const label = 'id' in target ? target.id : `${target.server}/${target.name}`;
    if (tool === undefined) {
      throw new GatewayError(
        'TOOL_NOT_FOUND',
        `Unknown tool "${label}". List the tools to see what is available.`,
      );
    }
    if (tool.hiddenReason === HELD_BACK) {
      throw new GatewayError('TOOL_HELD_BACK', tool.hiddenNote ?? `Tool "${label}" is held back for review.`);
    }
    if (tool.hiddenReason !== undefined && HIDDEN_BY_CONTROLS.has(tool.hiddenReason)) {
      throw new GatewayError(
        'TOOL_DISABLED',
        `Tool "${label}" is switched off (${tool.hiddenReason}). Enable it in the gateway to use it.`,
      );
    }
    return tool;
  }

  function serverForUri(scope: Scope, uri: string): string {
    if (scope.server !== undefined) {
      return scope.server;
    }
    const owner = views.others().resourceOwner.get(uri);
    if (owner !== undefined) {
      return owner;
    }
    for (const t of views.others().templateOwners) {
      if (t.template.match(uri) !== null) {
        return t.server;
      }
    }
    // Servers may serve URIs they do not list: with exactly one resource server, ask it.
    const withResources = [...lists.keys()].filter((s) => {
      const cfg = settings.servers.get(s);
      const c =
        supervisor.connection(s)?.client.getServerCapabilities() ??
        (cfg === undefined ? undefined : deps.listCache?.get(s, cfg)?.capabilities);
      return c?.resources !== undefined;
    });
    if (withResources.length === 1 && withResources[0] !== undefined) {
      return withResources[0];
    }
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Resource not found: no server behind the gateway offers "${uri}".`,
      { uri },
    );
  }

  function resolvePrompt(scope: Scope, name: string): { server: string; name: string } {
    if (scope.server !== undefined) {
      return { server: scope.server, name };
    }
    const t = views.others().promptNames.resolve(name);
    if (t === undefined) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown prompt "${name}". List the prompts to see what is available.`,
      );
    }
    return t;
  }

  /** Select again (the config or a selection input such as tool trust changed); announce what clients can see. */
  function reselect(othersChanged = false): void {
    if (closed) {
      return;
    }
    const toolsChanged = views.reselect(othersChanged);
    if (toolsChanged || othersChanged) {
      for (const server of settings.order.filter((n) => lists.has(n))) {
        changes.schedule(server, { tools: toolsChanged, resources: othersChanged, prompts: othersChanged });
      }
    }
  }

  // ------------------------------------------------------------ lifecycle

  const disposables: Disposable[] = [];
  disposables.push(supervisor.onConnection(onConnection));
  disposables.push(
    deps.config.onChange((config) => {
      const before = settings;
      settings = settingsOf(config);
      for (const name of before.order) {
        if (!settings.servers.has(name)) {
          deps.listCache?.delete(name);
        }
      }
      const othersChanged =
        before.separator !== settings.separator || before.order.join('\0') !== settings.order.join('\0');
      reselect(othersChanged);
    }),
  );
  disposables.push(
    bus.on((e) => {
      if (e.type === 'server.state') {
        onState(e.server, e.state);
      }
    }),
  );
  for (const status of supervisor.list()) {
    const conn = supervisor.connection(status.name);
    if (conn !== undefined) {
      onConnection(status.name, conn);
    } else {
      onState(status.name, status.state);
    }
  }

  function releaseAwake(key: string): void {
    awakeHolds.get(key)?.dispose();
    awakeHolds.delete(key);
  }

  /** The session ended: its subscriptions go, and with the last subscriber the backend's. */
  function dropSubscriptions(sessionId: string): void {
    for (const [key, set] of subscriptions) {
      if (set.delete(sessionId) && set.size === 0) {
        subscriptions.delete(key);
        releaseAwake(key);
        const [server, uri] = key.split('\0') as [string, string];
        const conn = supervisor.connection(server);
        if (conn?.era === 'modern') {
          void relisten(server, conn.client).catch(() => undefined);
        } else {
          conn?.client
            .request({ method: 'resources/unsubscribe', params: { uri } }, anyResult)
            .catch(() => undefined);
        }
      }
    }
  }

  function scopeCheck(scope: Scope): void {
    if (
      scope.server !== undefined &&
      (!settings.servers.has(scope.server) || scope.profile?.allowsServer(scope.server) === false)
    ) {
      throw new GatewayError('SERVER_NOT_FOUND', `There is no server named "${scope.server}".`);
    }
  }

  /** Resources and prompts of servers outside the client's profile are not theirs to see. */
  function inProfile<T>(scope: Scope, base: T[], serverOf: (item: T) => string | undefined): T[] {
    const profile = scope.profile;
    if (profile === undefined || profile.all) {
      return base;
    }
    return profile.memo(base, () =>
      base.filter((item) => {
        const server = serverOf(item);
        return server !== undefined && profile.allowsServer(server);
      }),
    );
  }

  /** The server a scoped request goes to, refused like an unknown one when outside the profile. */
  function inScope(scope: Scope, server: string, what: string): string {
    if (scope.profile !== undefined && !scope.profile.allowsServer(server)) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `${what} not found: no server behind the gateway offers it.`,
      );
    }
    return server;
  }

  return {
    hooks,
    servers: () => [...lists.keys()],
    hasServer: (server) => settings.servers.has(server),
    tools: () => views.tools().all,
    listTools(scope) {
      const tv = views.tools();
      const base = scope.server === undefined ? tv.visibleAll : (tv.visibleByServer.get(scope.server) ?? []);
      const profile = scope.profile;
      if (profile === undefined || profile.all) {
        return base;
      }
      // Memoised per list array, so the hot path's serialised-list cache keeps working.
      return profile.memo(base, () =>
        base.filter((tool) => {
          const t =
            scope.server === undefined
              ? tv.byId.get(tool.name)
              : tv.byServer.get(scope.server)?.get(tool.name);
          return t !== undefined && profile.allowsTool(t.server, t.id);
        }),
      );
    },
    listResources(scope) {
      const o = views.others();
      const base = scope.server === undefined ? o.resourcesAll : (lists.get(scope.server)?.resources ?? []);
      return inProfile(scope, base, (r) => scope.server ?? o.resourceOwner.get(r.uri));
    },
    listResourceTemplates(scope) {
      const o = views.others();
      const base =
        scope.server === undefined ? o.templatesAll : (lists.get(scope.server)?.resourceTemplates ?? []);
      return inProfile(
        scope,
        base,
        (t) => scope.server ?? o.templateOwners.find((x) => x.raw === t.uriTemplate)?.server,
      );
    },
    listPrompts(scope) {
      const o = views.others();
      const base = scope.server === undefined ? o.promptsAll : (lists.get(scope.server)?.prompts ?? []);
      return inProfile(scope, base, (p) => scope.server ?? o.promptNames.resolve(p.name)?.server);
    },
    eraOf(server) {
      return supervisor.connection(server)?.era;
    },
    inFlight: (server) => forwarder.inFlight(server),
    resolveTool(scope, name) {
      const t =
        scope.server === undefined
          ? (views.tools().byId.get(name) ?? resolveOwnName(name))
          : views.tools().byServer.get(scope.server)?.get(name);
      // Outside the client's profile a tool does not exist, whatever its state.
      if (t !== undefined && scope.profile !== undefined && !scope.profile.allowsTool(t.server, t.id)) {
        return undefined;
      }
      if (t?.hiddenReason === HELD_BACK) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown tool "${name}". ${t.hiddenNote ?? 'It is held back for review.'}`,
        );
      }
      // App-only tools are not listed to the model, but their app calls them.
      const callable = t !== undefined && (t.visible || t.hiddenReason === 'app-only');
      return callable ? { server: t.server, name: t.name } : undefined;
    },
    reselect,
    callTool: (target, args, ctx) => forwarder.callTool(target, args, ctx),
    ensureAwake: (server, ctx) => forwarder.ensureAwake(server, ctx),
    async readResource(scope, params, ctx) {
      scopeCheck(scope);
      const uri = String(params['uri']);
      return forwarder.forward(
        inScope(scope, serverForUri(scope, uri), `Resource "${uri}"`),
        'resources/read',
        params,
        ctx,
      );
    },
    async getPrompt(scope, params, ctx) {
      scopeCheck(scope);
      const t = resolvePrompt(scope, String(params['name']));
      return forwarder.forward(
        inScope(scope, t.server, `Prompt "${String(params['name'])}"`),
        'prompts/get',
        { ...params, name: t.name },
        ctx,
      );
    },
    async complete(scope, params, ctx) {
      scopeCheck(scope);
      const ref = params['ref'] as { type?: string; name?: string; uri?: string } | undefined;
      if (ref?.type === 'ref/prompt' && typeof ref.name === 'string') {
        const t = resolvePrompt(scope, ref.name);
        return forwarder.forward(
          inScope(scope, t.server, `Prompt "${ref.name}"`),
          'completion/complete',
          { ...params, ref: { ...ref, name: t.name } },
          ctx,
        );
      }
      if (ref?.type === 'ref/resource' && typeof ref.uri === 'string') {
        const server =
          scope.server ??
          views.others().templateOwners.find((t) => t.raw === ref.uri)?.server ??
          serverForUri(scope, ref.uri);
        return forwarder.forward(inScope(scope, server, `Resource "${ref.uri}"`), 'completion/complete', params, ctx);
      }
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        'completion/complete needs a ref of type "ref/prompt" (with name) or "ref/resource" (with uri).',
      );
    },
    async subscribe(sessionId, scope, uri) {
      scopeCheck(scope);
      const server = inScope(scope, serverForUri(scope, uri), `Resource "${uri}"`);
      const key = `${server}\0${uri}`;
      let set = subscriptions.get(key);
      const first = set === undefined || set.size === 0;
      if (set === undefined) {
        set = new Set();
        subscriptions.set(key, set);
      }
      set.add(sessionId);
      if (!awakeHolds.has(key)) {
        awakeHolds.set(key, supervisor.preventSleep(server, 'a client holds a resource subscription'));
      }
      const isolated = settings.servers.get(server)?.isolation === 'per-session';
      const shared = supervisor.connection(server);
      if (!isolated && shared?.era === 'modern') {
        // A 2026-era backend has no resources/subscribe: the URI joins its listen stream.
        if (!(await relisten(server, shared.client, uri))) {
          set.delete(sessionId);
          if (set.size === 0) {
            subscriptions.delete(key);
            releaseAwake(key);
          }
          void relisten(server, shared.client).catch(() => undefined);
          throw new ProtocolError(
            ProtocolErrorCode.InvalidParams,
            `Server "${server}" does not offer updates for "${uri}" (its subscriptions/listen stream did not accept it).`,
            { uri },
          );
        }
        return;
      }
      if (first || isolated) {
        try {
          await forwarder.forward(
            server,
            'resources/subscribe',
            { uri },
            { client: sessions.peer(sessionId)?.clientName ?? '?', sessionId },
          );
        } catch (err) {
          set.delete(sessionId);
          if (set.size === 0) {
            subscriptions.delete(key);
            releaseAwake(key);
          }
          throw err;
        }
      }
    },
    async unsubscribe(sessionId, scope, uri) {
      const server = serverForUri(scope, uri);
      const key = `${server}\0${uri}`;
      const set = subscriptions.get(key);
      if (set === undefined || !set.delete(sessionId)) {
        return;
      }
      const isolated = settings.servers.get(server)?.isolation === 'per-session';
      if (set.size === 0) {
        subscriptions.delete(key);
        releaseAwake(key);
      }
      const shared = supervisor.connection(server);
      if (!isolated && shared?.era === 'modern') {
        await relisten(server, shared.client).catch(() => undefined);
        return;
      }
      if (set.size === 0 || isolated) {
        await forwarder.forward(
          server,
          'resources/unsubscribe',
          { uri },
          { client: sessions.peer(sessionId)?.clientName ?? '?', sessionId },
        ).catch((err: unknown) =>
          logger.debug('backend unsubscribe failed', { server, uri, err: errorText(err) }),
        );
      }
    },
    attachSession(peer) {
      const attached = sessions.attach(peer);
      return {
        dispose: () => {
          if (!attached.detach()) {
            return;
          }
          dropSubscriptions(peer.id);
          requests.dropSession(peer.id);
          sessions.closeBackends(peer.id);
        },
      };
    },
    rootsChanged: (sessionId) => sessions.rootsChanged(sessionId),
    recentCalls: (limit) => callLog.recent(limit),
    onChanged: (listener) => changes.onChanged(listener),
    onListChanged: (listener) => changes.onListChanged(listener),
    async startupSettled() {
      // A starting server listed from its cache is not waited for: its lists are already here.
      const pending = () =>
        loading.size > 0 || supervisor.list().some((s) => s.state === 'starting' && !fromCache.has(s.name));
      if (clock.now() - createdAt > STARTUP_WINDOW_MS || !pending()) {
        return;
      }
      await new Promise<void>((resolve) => {
        const finish = () => {
          clock.clearTimeout(timer);
          sub.dispose();
          resolve();
        };
        const timer = clock.setTimeout(
          finish,
          Math.max(0, Math.min(STARTUP_WAIT_MS, createdAt + STARTUP_WINDOW_MS - clock.now())),
        );
        // State changes and finished list loads are the moments the answer can change.
        const sub = bus.on((e) => {
          if ((e.type === 'server.state' || e.type === 'catalog.changed') && !pending()) {
            finish();
          }
        });
      });
      // A server that just came up starts loading its lists right after its state event.
      await this.settled();
    },
    async settled() {
      // Bounded: each round waits for loads that were running when it started.
      for (let i = 0; i < 10 && loading.size > 0; i++) {
        await Promise.all([...loading.values()]);
      }
    },
    async close() {
      closed = true;
      for (const d of disposables) {
        d.dispose();
      }
      views.close();
      changes.close();
      for (const t of refreshTimers.values()) {
        clock.clearTimeout(t);
      }
      refreshTimers.clear();
      for (const hold of awakeHolds.values()) {
        hold.dispose();
      }
      awakeHolds.clear();
      await sessions.close();
    },
  };
}


