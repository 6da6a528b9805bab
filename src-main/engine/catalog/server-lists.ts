import type { Client, ServerCapabilities } from '@modelcontextprotocol/client';

import type { BackendConnection } from '../types.js';
import { EVERYTHING } from './list-diff.js';
import { loadsSettled, startLoading } from './list-loading.js';
import { createListRefresh } from './list-refresh.js';
import { createListState, type ServerListDeps } from './list-state.js';
import { createStartupWait } from './startup-wait.js';
import type { ServerLists } from './views.js';
import type { ListKind } from './wire.js';

export type { ServerListDeps } from './list-state.js';

/**
 * Each server's lists: loaded when its shared connection comes up, fetched again on its
 * `list_changed`, served from the list cache while it sleeps (or starts), dropped when it stops.
 * Each change is reported by kind (the views go stale, clients are told).
 */
export interface ServerListStore {
  /** The lists by server; the views read them. */
  readonly lists: ReadonlyMap<string, ServerLists>;
  /** A server's shared connection came up or went away. */
  onConnection(server: string, conn: BackendConnection | undefined): void;
  /** A server changed state (sleeping and starting ones are served from the cache). */
  onState(server: string, state: string): void;
  /** The backend said a list changed: fetch it again, debounced per server and kind. */
  refresh(server: string, client: Client, kind: ListKind): void;
  /** What a server can do: from its live connection, else from the cache. */
  capabilities(server: string): ServerCapabilities | undefined;
  /** Wait until the lists of all currently connected servers are loaded. */
  settled(): Promise<void>;
  /** Shortly after start, wait (bounded) for servers still starting; at once later on. */
  startupSettled(): Promise<void>;
  close(): void;
}

export function createServerListStore(deps: ServerListDeps): ServerListStore {
  const { supervisor, changed } = deps;
  const state = createListState();
  const { lists, fromCache, loading, loadedFrom } = state;
  const refreshes = createListRefresh(state, deps);
  const cached = (server: string) => {
    const cfg = deps.settings().servers.get(server);
    return cfg === undefined ? undefined : deps.listCache?.get(server, cfg);
  };

  /** Serve a server's cached lists (it sleeps, or starts and has not listed yet). */
  function loadFromCache(server: string): void {
    const entry = cached(server);
    if (entry === undefined || lists.has(server)) {
      return;
    }
    const { tools, resources, resourceTemplates, prompts } = entry;
    lists.set(server, { tools, resources, resourceTemplates, prompts });
    fromCache.add(server);
    changed(server, EVERYTHING);
  }

  function dropLists(server: string): void {
    loadedFrom.delete(server);
    fromCache.delete(server);
    if (lists.delete(server)) {
      changed(server, EVERYTHING);
    }
  }

  // A starting server listed from its cache is not waited for: its lists are already here.
  const startupWait = createStartupWait({
    clock: deps.clock,
    bus: deps.bus,
    pending: () =>
      loading.size > 0 || supervisor.list().some((s) => s.state === 'starting' && !fromCache.has(s.name)),
  });

  return {
    lists,
    onConnection(server, conn) {
      if (state.closed) {
        return;
      }
      if (conn !== undefined) {
        startLoading(state, deps, server, conn);
      } else if (supervisor.get(server)?.state === 'sleeping') {
        loadedFrom.delete(server); // its lists stay: they are what it will list when woken
      } else {
        dropLists(server);
      }
    },
    onState(server, s) {
      if (state.closed || !deps.settings().servers.has(server)) {
        return;
      }
      if (s === 'sleeping' || s === 'starting') {
        loadFromCache(server);
      } else if (s !== 'running' && s !== 'degraded' && supervisor.connection(server) === undefined) {
        // Stopped, disabled, failing: clients must not see tools nobody can call.
        dropLists(server);
      }
    },
    refresh: refreshes.refresh,
    capabilities: (server) =>
      supervisor.connection(server)?.client.getServerCapabilities() ?? cached(server)?.capabilities,
    settled: () => loadsSettled(state),
    async startupSettled() {
      await startupWait();
      // A server that just came up starts loading its lists right after its state event.
      await loadsSettled(state);
    },
    close() {
      state.closed = true;
      refreshes.close();
    },
  };
}
