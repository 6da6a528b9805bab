import express, { type Express } from 'express';

import { API_PREFIX } from '../../../src-shared/api/contract.js';
import { ADMIN_TOKEN_ROUTES } from '../../../src-shared/api/identity.js';
import { API_ROUTES } from '../../../src-shared/api/index.js';
import { buildOpenApi } from '../../../src-shared/api/openapi.js';
import { CORE_ROUTES } from '../../../src-shared/api/routes.js';
import type { GatewaySettings } from '../../../src-shared/config.js';
import { handleOAuthCallback, OAUTH_CALLBACK_PATH } from '../oauth/index.js';
import { defaultBridgeCommand, defaultRendererDir } from '../paths.js';
import { loadOrCreateAdminToken, rotateAdminToken } from '../security/index.js';
import type { EngineContext } from '../types.js';
import type { EngineClientOptions } from './clients-routes.js';
import { mountContextRoutes } from './context-routes.js';
import { coreHandlers } from './core-handlers.js';
import { apiErrorHandler, sendError } from './errors.js';
import { createEventReplay } from './event-replay.js';
import { browserRules, concurrencyLimit, jsonBody, requireToken } from './guards.js';
import { mountIdentityRoutes } from './identity-routes.js';
import { createGatewayMetrics } from './metrics.js';
import { mountOAuthRoutes } from './oauth-routes.js';
import { registerRoutes } from './register.js';
import { mountSecretRoutes } from './secrets-routes.js';
import { createSseHub } from './sse.js';
import { mountTrustRoutes } from './trust-routes.js';
import { uiRouter } from './ui.js';

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
  let tokenPromise: Promise<string> | undefined =
    options.token !== undefined ? Promise.resolve(options.token) : undefined;
  const token = () => (tokenPromise ??= loadOrCreateAdminToken(ctx.paths.dataDir));
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

  const auth = requireToken(token);
  const api = express.Router();
  api.use(browserRules(ctx));
  api.use(auth);
  api.use(concurrencyLimit(() => limits().maxConcurrentRequests, API_ROUTES));
  api.use(jsonBody(() => limits().maxBodyBytes));
  registerRoutes(api, CORE_ROUTES, coreHandlers({ startedSettings, metrics, replay, openapi }), ctx, {
    sse,
    longRunning: ['tools.call'],
  });
  // Client-config editing (YAML, TOML, diff and fourteen adapters) loads on the first request
  // that needs it: most gateways run for days without anyone opening the import wizard.
  const clientsRouter = express.Router();
  let clientsReady: Promise<void> | undefined;
  api.use((req, res, next) => {
    if (!/^\/(clients|backups)(\/|$)/.test(req.path)) {
      next();
      return;
    }
    clientsReady ??= import('./clients-routes.js').then((m) => {
      m.mountClientRoutes(
        clientsRouter,
        ctx,
        m.createEngineClientManager(ctx, {
          gatewayUrl: options.mcpUrl,
          bridgeCommand: defaultBridgeCommand(),
          ...options.clients,
        }),
      );
    });
    clientsReady.then(() => clientsRouter(req, res, next), next);
  });
  mountContextRoutes(api, ctx);
  mountSecretRoutes(api, ctx);
  mountTrustRoutes(api, ctx);
  mountOAuthRoutes(api, ctx);
  mountIdentityRoutes(api, ctx);
  registerRoutes(
    api,
    ADMIN_TOKEN_ROUTES,
    {
      'adminToken.rotate': async () => {
        const next = await rotateAdminToken(ctx.paths.dataDir);
        tokenPromise = Promise.resolve(next);
        ctx.identity?.adminTokenChanged(next);
        ctx.logger.info('admin token rotated');
        return {
          ok: true as const,
          message: 'the admin token was replaced; the new one is in the admin-token file of the data folder',
        };
      },
    },
    ctx,
  );
  api.use((req, res) => {
    sendError(
      res,
      'NOT_FOUND',
      `no API route ${req.method} ${API_PREFIX}${req.path} — see ${API_PREFIX}/openapi.json`,
    );
  });
  api.use(apiErrorHandler(ctx.logger, () => limits().maxBodyBytes));
  app.use(API_PREFIX, api);
  // Anything else under /api (old or mistyped versions) also needs the token before it learns anything.
  app.use('/api', browserRules(ctx), auth, (req, res) => {
    sendError(
      res,
      'NOT_FOUND',
      `no API route ${req.method} /api${req.path}: the API lives under ${API_PREFIX}`,
    );
  });

  app.get('/metrics', auth, (_req, res, next) => {
    metrics.prometheus().then((text) => {
      res.setHeader('content-type', metrics.contentType);
      res.send(text);
    }, next);
  });

  app.use('/ui', uiRouter(options.rendererDir ?? defaultRendererDir()));

  // The browser's return from a sign-in: no admin token (the browser has none); the single-use
  // `state` of a sign-in this gateway started guards it instead.
  const oauth = ctx.oauth;
  if (oauth !== undefined) {
    app.get(OAUTH_CALLBACK_PATH, (req, res, next) => {
      handleOAuthCallback(oauth, req, res).catch(next);
    });
  }

  return {
    async close() {
      sse.closeAll();
      replay.dispose();
      metrics.dispose();
    },
  };
}
