import type { IncomingMessage, ServerResponse } from 'node:http';

import type express from 'express';

import type { Catalog, ListChange } from '../catalog/index.js';
import type { SemanticRanker } from '../context/index.js';
import type { AnswerRecorder, EarlySession } from '../early/index.js';
import type { Identity } from '../identity/index.js';
import type { Clock, ConfigStore, EventBus, Logger, SessionRegistry, SupervisorApi } from '../types.js';
import { productVersion } from '../version.js';
import { adoptEarlySessions } from './early-sessions.js';
import { createFastPath } from './fast-path.js';
import type { MetaTools } from './handlers.js';
import { createBodyReader } from './http-util.js';
import { startIdleSweep } from './idle-sweep.js';
import { createSessionTable } from './legacy-sessions.js';
import { liveLimits } from './limits.js';
import { mountMcpRoutes } from './mcp-routes.js';
import { createFrontendMeta } from './meta-tools.js';
import { createModernClients } from './modern-clients.js';
import { createMrtrBridge } from './mrtr.js';
import { createScopes } from './scopes.js';
import { mountSseRoutes } from './sse-routes.js';

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
  /** Keeps the answers of clients' handshakes for the next start (see early/). */
  recorder?: AnswerRecorder;
}

export interface Frontends {
  sessions: SessionRegistry;
  /**
   * The hot path, for the engine's request listener to try before express: a POST on an open
   * 2025-era session that passes `deps.allows` is taken here (true) and answered without
   * express's routing. Everything else (false) goes through the app and its guard as usual.
   */
  route(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes over the sessions opened before the engine loaded (see early/), before any request is routed. */
  adopt(early: readonly EarlySession[]): Promise<void>;
  /** Tell every connected client that lists changed (the catalog does this on its own too). */
  notifyListChanged(change?: Partial<ListChange>): void;
  close(): Promise<void>;
}

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
  const scopes = createScopes({ catalog, limits, metaFor: frontendMeta.metaFor });
  const bridge = createMrtrBridge(clock);
  const recorder = deps.recorder;
  const fastPath = createFastPath({
    catalog,
    logger,
    streamBufferBytes: () => limits.maxStreamBufferBytes,
    ...(recorder !== undefined ? { onToolsList: (id, json) => recorder.toolsListed(id, json) } : {}),
  });
  const bodies = createBodyReader({ clock, logger, timeoutMs: () => limits.bodyTimeoutMs });
  const sessions = createSessionTable({ catalog, logger, clock, bus, version, limits, scopes, fastPath });
  const modern = createModernClients({ catalog, logger, clock, bus, version, limits, scopes, bridge });
  const shared = { identity, clock, logger, limits, scopes, sessions, bodies };
  const mcp = mountMcpRoutes(app, { ...shared, modern, fastPath, allows: deps.allows, recorder });
  const sse = mountSseRoutes(app, shared);

  function notifyListChanged(
    change: Partial<ListChange> = { tools: true, resources: true, prompts: true },
  ): void {
    sessions.notifyListChanged(change);
    modern.notifyListChanged(change);
  }
  const listSub = catalog.onListChanged((change) => notifyListChanged(change));
  // A revoked token (or one moved to another profile) ends its sessions at once.
  const revokedSub = identity.onRevoked((client) => {
    sessions.closeForToken(client.tokenId, 'client token revoked');
    modern.revoke(client.tokenId);
  });
  const sweep = startIdleSweep({
    clock,
    limits,
    sweep: (now) => {
      sessions.sweep(now);
      modern.sweep(now);
    },
  });

  return {
    sessions: { list: () => [...sessions.list(), ...modern.list()] },
    notifyListChanged,
    adopt: (early) => adoptEarlySessions({ sessions, fastPath, catalog, logger }, early),
    route: mcp.route,
    async close() {
      mcp.stop();
      sse.stop();
      sweep.stop();
      await frontendMeta.close();
      bodies.close();
      configSub.dispose();
      listSub.dispose();
      revokedSub.dispose();
      sessions.closeAll('gateway closing');
      bridge.close();
      await modern.close();
    },
  };
}
