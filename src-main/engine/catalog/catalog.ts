import {
  type Prompt,
  type Resource,
  type ResourceTemplateType as ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/client';

import type { BackendHooks, CallContext, CatalogApi, Disposable } from '../types.js';
import { listenToInputs } from './catalog-inputs.js';
import { type CatalogDeps, composeParts } from './catalog-parts.js';
import { type CatalogState, configChanged, reselect } from './catalog-state.js';
import type { ListChange } from './changes.js';
import type { ForwardContext } from './forwarding.js';
import {
  promptsInScope,
  resolveTool,
  resourcesInScope,
  type Scope,
  templatesInScope,
  toolsInScope,
} from './scope.js';
import { createScopedRequests } from './scoped-requests.js';
import type { SessionPeer } from './sessions.js';
import { settingsOf } from './settings.js';

export type { CatalogDeps } from './catalog-parts.js';

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
 * subscriptions (subscriptions) and the hooks every backend Client gets (backend-hooks). They
 * are built in `catalog-parts.ts`; this file gives them their inputs and the `Catalog` surface.
 */
export function createCatalog(deps: CatalogDeps): Catalog {
  const { supervisor } = deps;
  const logger = deps.logger.child({ component: 'catalog' });
  const state: CatalogState = { settings: settingsOf(deps.config.current()), closed: false };
  const parts = composeParts(deps, logger, () => state.settings);
  const { sessions, callLog, forwarder, subscriptions, store, views, changes, hooks } = parts;
  const disposables = listenToInputs(deps, store, (config) =>
    configChanged(state, parts, deps.listCache, config),
  );
  // The hot path (tools/list, tools/call) reads the views and the forwarder directly.
  return {
    hooks,
    servers: () => [...store.lists.keys()],
    hasServer: (server) => state.settings.servers.has(server),
    tools: () => views.tools().all,
    listTools: (scope) => toolsInScope(views.tools(), scope),
    listResources: (scope) => resourcesInScope(views.others(), store.lists, scope),
    listResourceTemplates: (scope) => templatesInScope(views.others(), store.lists, scope),
    listPrompts: (scope) => promptsInScope(views.others(), store.lists, scope),
    eraOf: (server) => supervisor.connection(server)?.era,
    inFlight: (server) => forwarder.inFlight(server),
    resolveTool: (scope, name) => resolveTool(views.tools(), scope, name),
    toolDefinition: (server, name) => views.tools().byServer.get(server)?.get(name)?.definition,
    reselect: () => reselect(state, parts),
    callTool: (target, args, ctx) => forwarder.callTool(target, args, ctx),
    ensureAwake: (server, ctx) => forwarder.ensureAwake(server, ctx),
    ...createScopedRequests(state, parts),
    rootsChanged: (sessionId) => sessions.rootsChanged(sessionId),
    recentCalls: (limit) => callLog.recent(limit),
    onChanged: (listener) => changes.onChanged(listener),
    onListChanged: (listener) => changes.onListChanged(listener),
    startupSettled: () => store.startupSettled(),
    settled: () => store.settled(),
    async close() {
      state.closed = true;
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
