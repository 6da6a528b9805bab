import {
  type Prompt,
  type Resource,
  type ResourceTemplateType as ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/client';

import { selectTools as contextSelectTools } from '../context/index.js';
import type {
  BackendHooks,
  CallContext,
  CatalogApi,
  Clock,
  ConfigStore,
  Disposable,
  EventBus,
  Logger,
  SupervisorApi,
} from '../types.js';
import { createBackendHooks } from './backend-hooks.js';
import { createCallLog } from './call-log.js';
import { createChangeFeed, type ListChange } from './changes.js';
import { createClientRequests } from './client-requests.js';
import { createForwarder, type ForwardContext } from './forwarding.js';
import type { ListCache } from './list-cache.js';
import {
  completionTarget,
  promptsInScope,
  promptTarget,
  resolveCallTarget,
  resolveTool,
  resourcesInScope,
  resourceTarget,
  type Scope,
  serverForUri,
  type TargetContext,
  templatesInScope,
  toolsInScope,
} from './scope.js';
import type { SelectTools } from './select.js';
import { createServerListStore } from './server-lists.js';
import { createSessions, type SessionPeer } from './sessions.js';
import { type CatalogSettings, settingsOf } from './settings.js';
import { createSubscriptions } from './subscriptions.js';
import { createViews } from './views.js';

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
  /** A tool's definition as its server lists it (a map lookup: per-call checks use it). */
  toolDefinition(server: string, name: string): Tool | undefined;
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

/**
 * The catalog, composed of modules that each own their state: the lists of every server
 * (server-lists), the views derived from them (views), what one scope sees (scope), the debounced
 * change feed (changes), forwarding and call records (forwarding, call-log), routing of what
 * backends ask clients (client-requests), sessions and their own backends (sessions), resource
 * subscriptions (subscriptions) and the hooks every backend Client gets (backend-hooks).
 */
/** The catalog's modules, wired to each other (each reads the others only through what it is given). */
function composeParts(deps: CatalogDeps, logger: Logger, current: () => CatalogSettings) {
  const { supervisor, bus, clock } = deps;
  const sessions = createSessions({ supervisor, logger });
  const callLog = createCallLog({ bus });
  const forwarder = createForwarder({
    supervisor,
    clock,
    settings: current,
    openDedicated: (server, sessionId) => sessions.open(server, sessionId),
    resolve: (target) => resolveCallTarget(views.tools(), target),
    log: callLog,
  });
  const requests = createClientRequests({
    callsOn: (client) => forwarder.callsOn(client),
    sessionOf: (client) => sessions.sessionOf(client),
    sessionInput: (sessionId) => sessions.peer(sessionId)?.input,
    notify: (sessionId, method, params) => sessions.peer(sessionId)?.notify(method, params),
    logger,
  });
  const subscriptions = createSubscriptions({
    supervisor,
    settings: current,
    forward: (server, method, params, ctx) => forwarder.forward(server, method, params, ctx),
    peer: (sessionId) => sessions.peer(sessionId),
    sessionOf: (client) => sessions.sessionOf(client),
    logger,
  });
  const store = createServerListStore({
    supervisor,
    settings: current,
    listCache: deps.listCache,
    changed(server, change) {
      views.invalidate({ tools: change.tools, others: change.resources || change.prompts });
      if (change.tools || change.resources || change.prompts) {
        changes.schedule(server, change);
      }
    },
    renew: (server, conn) => subscriptions.renew(server, conn),
    bus,
    clock,
    logger,
  });
  const views = createViews({
    lists: store.lists,
    settings: current,
    select: deps.selectTools ?? contextSelectTools,
    logger,
  });
  const changes = createChangeFeed({
    clock,
    bus,
    counts: () => {
      const o = views.others();
      return {
        tools: views.tools().visibleAll.length,
        resources: o.resourcesAll.length,
        prompts: o.promptsAll.length,
      };
    },
  });
  const hooks = createBackendHooks({
    requests,
    subscriptions,
    refresh: (server, client, kind) => store.refresh(server, client, kind),
    dedicate: (client, sessionId) => sessions.dedicate(client, sessionId),
  });
  return { sessions, callLog, forwarder, requests, subscriptions, store, views, changes, hooks };
}

export function createCatalog(deps: CatalogDeps): Catalog {
  const { supervisor, bus } = deps;
  const logger = deps.logger.child({ component: 'catalog' });
  let settings: CatalogSettings = settingsOf(deps.config.current());
  let closed = false;
  const parts = composeParts(deps, logger, () => settings);
  const { sessions, callLog, forwarder, requests, subscriptions, store, views, changes, hooks } = parts;

  /** Select again (the config or a selection input such as tool trust changed); announce what clients can see. */
  function reselect(othersChanged = false): void {
    if (closed) {
      return;
    }
    const toolsChanged = views.reselect(othersChanged);
    if (toolsChanged || othersChanged) {
      for (const server of settings.order.filter((n) => store.lists.has(n))) {
        changes.schedule(server, { tools: toolsChanged, resources: othersChanged, prompts: othersChanged });
      }
    }
  }

  function configChanged(config: Parameters<Parameters<ConfigStore['onChange']>[0]>[0]): void {
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
  }

  const disposables: Disposable[] = [
    supervisor.onConnection((server, conn) => store.onConnection(server, conn)),
    deps.config.onChange(configChanged),
    bus.on((e) => {
      if (e.type === 'server.state') {
        store.onState(e.server, e.state);
      }
    }),
  ];
  for (const status of supervisor.list()) {
    const conn = supervisor.connection(status.name);
    if (conn !== undefined) {
      store.onConnection(status.name, conn);
    } else {
      store.onState(status.name, status.state);
    }
  }

  /** What resolving a request's target needs, as of now. */
  const targets = (): TargetContext => ({
    others: views.others(),
    servers: settings.servers,
    resourceServers: () =>
      [...store.lists.keys()].filter((s) => store.capabilities(s)?.resources !== undefined),
  });

  return {
    hooks,
    servers: () => [...store.lists.keys()],
    hasServer: (server) => settings.servers.has(server),
    tools: () => views.tools().all,
    listTools: (scope) => toolsInScope(views.tools(), scope),
    listResources: (scope) => resourcesInScope(views.others(), store.lists, scope),
    listResourceTemplates: (scope) => templatesInScope(views.others(), store.lists, scope),
    listPrompts: (scope) => promptsInScope(views.others(), store.lists, scope),
    eraOf: (server) => supervisor.connection(server)?.era,
    inFlight: (server) => forwarder.inFlight(server),
    resolveTool: (scope, name) => resolveTool(views.tools(), scope, name),
    toolDefinition: (server, name) => views.tools().byServer.get(server)?.get(name)?.definition,
    reselect,
    callTool: (target, args, ctx) => forwarder.callTool(target, args, ctx),
    ensureAwake: (server, ctx) => forwarder.ensureAwake(server, ctx),
    async readResource(scope, params, ctx) {
      const server = resourceTarget(targets(), scope, String(params['uri']));
      return forwarder.forward(server, 'resources/read', params, ctx);
    },
    async getPrompt(scope, params, ctx) {
      const t = promptTarget(targets(), scope, params);
      return forwarder.forward(t.server, 'prompts/get', t.params, ctx);
    },
    async complete(scope, params, ctx) {
      const t = completionTarget(targets(), scope, params);
      return forwarder.forward(t.server, 'completion/complete', t.params, ctx);
    },
    async subscribe(sessionId, scope, uri) {
      await subscriptions.subscribe(sessionId, resourceTarget(targets(), scope, uri), uri);
    },
    unsubscribe: (sessionId, scope, uri) =>
      subscriptions.unsubscribe(
        sessionId,
        serverForUri(views.others(), scope, uri, targets().resourceServers),
        uri,
      ),
    attachSession(peer) {
      const attached = sessions.attach(peer);
      return {
        dispose: () => {
          if (!attached.detach()) {
            return;
          }
          subscriptions.dropSession(peer.id);
          requests.dropSession(peer.id);
          sessions.closeBackends(peer.id);
        },
      };
    },
    rootsChanged: (sessionId) => sessions.rootsChanged(sessionId),
    recentCalls: (limit) => callLog.recent(limit),
    onChanged: (listener) => changes.onChanged(listener),
    onListChanged: (listener) => changes.onListChanged(listener),
    startupSettled: () => store.startupSettled(),
    settled: () => store.settled(),
    async close() {
      closed = true;
      for (const d of disposables) {
        d.dispose();
      }
      views.close();
      changes.close();
      store.close();
      subscriptions.close();
      await sessions.close();
    },
  };
}
