import express, { type Express } from 'express';

import { API_PREFIX } from '../../../src-shared/api/contract.js';
import { API_ROUTES } from '../../../src-shared/api/index.js';
import { buildOpenApi } from '../../../src-shared/api/openapi.js';
import { CORE_ROUTES } from '../../../src-shared/api/routes.js';
import type { GatewaySettings } from '../../../src-shared/config.js';
import { defaultRendererDir } from '../paths.js';
import type { EngineContext } from '../types.js';
import { adminToken, mountAdminTokenRoutes } from './admin-token.js';
import type { EngineClientOptions } from './clients-routes.js';
import { mountContextRoutes } from './context-routes.js';
import { coreHandlers } from './core-handlers.js';
import { apiErrorHandler, sendError } from './errors.js';
import { createEventReplay } from './event-replay.js';
import { browserRules, concurrencyLimit, jsonBody, requireToken } from './guards.js';
import { mountIdentityRoutes } from './identity-routes.js';
import { mountClientRoutesLazily } from './lazy-client-routes.js';
import { createGatewayMetrics } from './metrics.js';
import { mountOAuthRoutes } from './oauth-routes.js';
import { mountOuterRoutes } from './outer-routes.js';
import { registerRoutes } from './register.js';
import { mountSecretRoutes } from './secrets-routes.js';
import { createSseHub } from './sse.js';
import { mountTrustRoutes } from './trust-routes.js';

export interface ControlPlaneOptions {
  /** The admin token; read from (or created in) `<dataDir>/admin-token` when not given. */
  token?: string;
  /** Folder of the built renderer (default: `dist/renderer` of this package). */
  rendererDir?: string;
  /** Keep-alive comment interval on SSE streams (default 15 s). */
  keepAliveMs?: number;
  /** How client configs reach the gateway (default: `mcpUrl`, `mcp-gateway stdio`). */
  clients?: Partial<EngineClientOptions>;
  /** This gateway's MCP endpoint; read lazily because the port is known only after listen. */
  mcpUrl: () => string;
  /**
   * The gateway settings the gateway started with (default: the current ones), against which
   * "restart needed" is decided; given when the control plane is mounted after start-up.
   */
  startedSettings?: GatewaySettings;
}

export interface ControlPlane {
  /** Ends live streams and stops listening to the engine. */
  close(): Promise<void>;
}

/**
 * Mount the control plane on the gateway's express app: `/api/v1/*` (admin token required),
 * `/metrics` (Prometheus text, token required) and `/ui` (the dashboard bundle). The Host/Origin
 * guard is mounted by the engine in front of everything.
 */
export function mountControlPlane(
  app: Express,
  ctx: EngineContext,
  options: ControlPlaneOptions,
): ControlPlane {
  const token = adminToken(ctx.paths.dataDir, options.token);
  const limits = () => ctx.config.current().gateway.limits;
  const startedSettings = options.startedSettings ?? structuredClone(ctx.config.current().gateway);

  const metrics = createGatewayMetrics(ctx);
  const replay = createEventReplay(ctx.bus);
  const sse = createSseHub({
    clock: ctx.clock,
    maxStreams: () => limits().maxSseStreams,
    keepAliveMs: options.keepAliveMs,
    maxBufferBytes: () => limits().maxStreamBufferBytes,
    logger: ctx.logger,
  });
  let openapiDoc: Record<string, unknown> | undefined;
  const openapi = () => (openapiDoc ??= buildOpenApi(API_ROUTES, { version: ctx.version }));

  const auth = requireToken(() => token.get());
  const api = express.Router();
  api.use(browserRules(ctx));
  api.use(auth);
  api.use(concurrencyLimit(() => limits().maxConcurrentRequests, API_ROUTES));
  api.use(jsonBody(() => limits().maxBodyBytes));
  registerRoutes(api, CORE_ROUTES, coreHandlers({ startedSettings, metrics, replay, openapi }), ctx, {
    sse,
    longRunning: ['tools.call'],
  });
  mountClientRoutesLazily(api, ctx, { mcpUrl: options.mcpUrl, clients: options.clients });
  mountContextRoutes(api, ctx);
  mountSecretRoutes(api, ctx);
  mountTrustRoutes(api, ctx);
  mountOAuthRoutes(api, ctx);
  mountIdentityRoutes(api, ctx);
  mountAdminTokenRoutes(api, ctx, token);
  api.use((req, res) => {
    sendError(
      res,
      'NOT_FOUND',
      `no API route ${req.method} ${API_PREFIX}${req.path} — see ${API_PREFIX}/openapi.json`,
    );
  });
  api.use(apiErrorHandler(ctx.logger, () => limits().maxBodyBytes));
  app.use(API_PREFIX, api);
  mountOuterRoutes(app, ctx, { auth, metrics, rendererDir: options.rendererDir ?? defaultRendererDir() });

  return {
    async close() {
      sse.closeAll();
      replay.dispose();
      metrics.dispose();
    },
  };
}
