import express, { type Router } from 'express';

import { defaultBridgeCommand } from '../paths.js';
import type { EngineContext } from '../types.js';
import type { EngineClientOptions } from './clients-routes.js';

/**
 * `/clients` and `/backups`, loaded on the first request that needs them: client-config editing
 * (YAML, TOML, diff and fourteen adapters) is heavy, and most gateways run for days without
 * anyone opening the import wizard.
 */
export function mountClientRoutesLazily(
  api: Router,
  ctx: EngineContext,
  options: { mcpUrl: () => string; clients?: Partial<EngineClientOptions> | undefined },
): void {
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
}
