import type { Client, ServerCapabilities } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, Clock, EventBus, Logger, SupervisorApi } from '../types.js';
import { CHANGE_DEBOUNCE_MS, type ListChange } from './changes.js';
import { createKeyedDebounce } from './keyed-debounce.js';
import type { ListCache } from './list-cache.js';
import type { CatalogSettings } from './settings.js';
import { createStartupWait } from './startup-wait.js';
import type { ServerLists } from './views.js';
import { fetchAll, type ListKind } from './wire.js';

const KIND_CHANGE: Record<ListKind, ListChange> = {
  tools: { tools: true, resources: false, prompts: false },
  resources: { tools: false, resources: true, prompts: false },
  resourceTemplates: { tools: false, resources: true, prompts: false },
  prompts: { tools: false, resources: false, prompts: true },
};
const EVERYTHING: ListChange = { tools: true, resources: true, prompts: true };

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

export function createServerListStore(deps: {
  supervisor: SupervisorApi;
  settings: () => CatalogSettings;
  listCache: ListCache | undefined;
  /** Lists of `server` changed (what changed; every kind false when nothing did). */
  changed(server: string, change: ListChange): void;
  /** The server listed afresh on a new connection: renew what clients subscribed to. */
  renew(server: string, conn: BackendConnection): void;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
}): ServerListStore {
  const { supervisor, changed, logger } = deps;
  const lists = new Map<string, ServerLists>();
  /** Servers whose lists came from the cache and have not been confirmed by the live server yet. */
  const fromCache = new Set<string>();
  const loading = new Map<string, Promise<void>>();
  /** Which shared connection lists were loaded from, to ignore late refreshes of an old one. */
  const loadedFrom = new Map<string, Client>();
  const refreshes = createKeyedDebounce(deps.clock, CHANGE_DEBOUNCE_MS);
  let closed = false;
  const cached = (server: string) => {
    const cfg = deps.settings().servers.get(server);
    return cfg === undefined ? undefined : deps.listCache?.get(server, cfg);
  };

  function applyList(server: string, kind: ListKind, items: unknown[]): void {
    const l = lists.get(server);
    if (l === undefined || sameList(l[kind], items)) {
      return; // a refresh with no difference must not wake every client
    }
    (l as unknown as Record<ListKind, unknown[]>)[kind] = items;
    changed(server, KIND_CHANGE[kind]);
  }

  async function loadServer(server: string, conn: BackendConnection): Promise<void> {
    const log = logger.child({ server });
    const next = await fetchLists(conn.client, log, deps.settings().listTimeoutMs);
    if (closed || supervisor.connection(server) !== conn) {
      return; // the connection went away while we were listing
    }
    // Lists served from the cache (while it slept) are announced only where the server differs.
    const change = changeBetween(lists.get(server), next);
    lists.set(server, next);
    fromCache.delete(server);
    loadedFrom.set(server, conn.client);
    changed(server, change);
    const cfg = deps.settings().servers.get(server);
    if (cfg !== undefined) {
      // Kept for serving it while it sleeps and after a restart.
      deps.listCache?.set(server, cfg, cacheEntry(next, conn));
    }
    log.info('catalog loaded', {
      tools: next.tools.length,
      resources: next.resources.length,
      templates: next.resourceTemplates.length,
      prompts: next.prompts.length,
    });
    deps.renew(server, conn);
  }

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

  function onConnection(server: string, conn: BackendConnection | undefined): void {
    if (closed) {
      return;
    }
    if (conn === undefined) {
      if (supervisor.get(server)?.state === 'sleeping') {
        loadedFrom.delete(server); // its lists stay: they are what it will list when woken
      } else {
        dropLists(server);
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
    const current = () => loadedFrom.get(server) === client;
    refreshes.schedule(`${server}\0${kind}`, () => {
      if (!current()) {
        return;
      }
      fetchAll(client, kind, logger.child({ server }), deps.settings().listTimeoutMs)
        .then((items) => current() && applyList(server, kind, items))
        .catch((err: unknown) => logger.warn(`could not refresh ${kind}`, { server, err: errorText(err) }));
    });
  }

  async function settled(): Promise<void> {
    // Bounded: each round waits for loads that were running when it started.
    for (let i = 0; i < 10 && loading.size > 0; i++) {
      await Promise.all([...loading.values()]);
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
    onConnection,
    onState(server, state) {
      if (closed || !deps.settings().servers.has(server)) {
        return;
      }
      if (state === 'sleeping' || state === 'starting') {
        loadFromCache(server);
      } else if (state !== 'running' && state !== 'degraded' && supervisor.connection(server) === undefined) {
        // Stopped, disabled, failing: clients must not see tools nobody can call.
        dropLists(server);
      }
    },
    refresh,
    capabilities: (server) =>
      supervisor.connection(server)?.client.getServerCapabilities() ?? cached(server)?.capabilities,
    settled,
    async startupSettled() {
      await startupWait();
      // A server that just came up starts loading its lists right after its state event.
      await settled();
    },
    close() {
      closed = true;
      refreshes.close();
    },
  };
}

/** Every list of one server, each kind on its own (a kind that fails is empty, not fatal). */
async function fetchLists(client: Client, log: Logger, timeoutMs: number): Promise<ServerLists> {
  const fetchOrEmpty = async <K extends ListKind>(kind: K) => {
    try {
      return await fetchAll(client, kind, log, timeoutMs);
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
  return { tools, resources, resourceTemplates, prompts };
}

const sameList = (a: unknown[], b: unknown[]) => JSON.stringify(a) === JSON.stringify(b);

/** Which kinds differ between what was served (nothing: every kind) and what the server listed. */
function changeBetween(before: ServerLists | undefined, next: ServerLists): ListChange {
  const differs = (kinds: ListKind[]) =>
    before === undefined || kinds.some((k) => !sameList(before[k], next[k]));
  return {
    tools: differs(['tools']),
    resources: differs(['resources', 'resourceTemplates']),
    prompts: differs(['prompts']),
  };
}

/** What the list cache keeps of a server: its lists and what its connection said of itself. */
function cacheEntry(lists: ServerLists, conn: BackendConnection) {
  const capabilities = conn.client.getServerCapabilities();
  return {
    ...lists,
    ...(conn.serverInfo !== undefined ? { serverInfo: conn.serverInfo } : {}),
    ...(capabilities !== undefined ? { capabilities } : {}),
    ...(conn.instructions !== undefined ? { instructions: conn.instructions } : {}),
    ...(conn.protocolVersion !== undefined ? { protocolVersion: conn.protocolVersion } : {}),
  };
}
