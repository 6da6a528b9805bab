import type { Client } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, Logger } from '../types.js';
import { cacheEntry, changeBetween } from './list-diff.js';
import type { ListState, ServerListDeps } from './list-state.js';
import type { ServerLists } from './views.js';
import { fetchAll, type ListKind } from './wire.js';

/** Every list of one server, each kind on its own (a kind that fails is empty, not fatal). */
export async function fetchLists(client: Client, log: Logger, timeoutMs: number): Promise<ServerLists> {
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

async function loadServer(
  state: ListState,
  deps: ServerListDeps,
  server: string,
  conn: BackendConnection,
): Promise<void> {
  const log = deps.logger.child({ server });
  const next = await fetchLists(conn.client, log, deps.settings().listTimeoutMs);
  if (state.closed || deps.supervisor.connection(server) !== conn) {
    return; // the connection went away while we were listing
  }
  // Lists served from the cache (while it slept) are announced only where the server differs.
  const change = changeBetween(state.lists.get(server), next);
  state.lists.set(server, next);
  state.fromCache.delete(server);
  state.loadedFrom.set(server, conn.client);
  deps.changed(server, change);
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

/** Load a server's lists over its new shared connection; `settled()` waits for it. */
export function startLoading(
  state: ListState,
  deps: ServerListDeps,
  server: string,
  conn: BackendConnection,
): void {
  const p = loadServer(state, deps, server, conn)
    .catch((err: unknown) =>
      deps.logger.error('loading a server catalog failed', { server, err: errorText(err) }),
    )
    .finally(() => {
      if (state.loading.get(server) === p) {
        state.loading.delete(server);
      }
    });
  state.loading.set(server, p);
}

/** Wait until the loads running now (and those they lead to) are done; bounded. */
export async function loadsSettled(state: ListState): Promise<void> {
  // Bounded: each round waits for loads that were running when it started.
  for (let i = 0; i < 10 && state.loading.size > 0; i++) {
    await Promise.all([...state.loading.values()]);
  }
}
