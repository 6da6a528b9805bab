import { selectTools as contextSelectTools } from '../context/index.js';
import type { Clock, ConfigStore, EventBus, Logger, SupervisorApi } from '../types.js';
import { createBackendHooks } from './backend-hooks.js';
import { createCallLog } from './call-log.js';
import { createChangeFeed } from './changes.js';
import { createClientRequests } from './client-requests.js';
import { createForwarder } from './forwarding.js';
import type { ListCache } from './list-cache.js';
import { resolveCallTarget } from './scope.js';
import type { SelectTools } from './select.js';
import { createServerListStore } from './server-lists.js';
import { createSessions } from './sessions.js';
import type { CatalogSettings } from './settings.js';
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

/** The catalog's modules, wired to each other (each reads the others only through what it is given). */
export function composeParts(deps: CatalogDeps, logger: Logger, current: () => CatalogSettings) {
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

export type CatalogParts = ReturnType<typeof composeParts>;
