import type { Router } from 'express';

import { CLIENT_ROUTES } from '../../../src-shared/api/clients.js';
import { redactFlaggedConfig } from '../../../src-shared/flagged-secrets.js';
import { redactText } from '../../../src-shared/redact.js';
import {
  type ClientManager,
  type ClientManagerOptions,
  type ClientPlan,
  createClientManager,
  type ImportedServer,
} from '../clients/index.js';
import { knownSecrets } from '../clients/index.js';
import { identityIssuer } from '../identity/index.js';
import type { EngineContext } from '../types.js';
import { registerRoutes, type RouteHandlers } from './register.js';

/** Client tokens written by connect never leave through the API (they are in the client's file). */
const CLIENT_TOKEN = /mcpgw_[A-Za-z0-9_-]{43}/g;
const hideTokens = (text: string) => text.replace(CLIENT_TOKEN, '[redacted]');

function planDto(plan: ClientPlan, secrets: readonly string[]) {
  return {
    client: plan.client,
    name: plan.name,
    changed: plan.changed,
    warnings: plan.warnings,
    reloadHint: plan.reloadHint,
    files: plan.files.map((f) => ({
      file: f.file,
      format: f.format,
      exists: f.exists,
      changed: f.changed,
      diff: hideTokens(redactText(f.diff, secrets)),
      after: hideTokens(redactText(f.after, secrets)),
      actions: f.actions,
    })),
  };
}

function clientHandlers(manager: ClientManager): RouteHandlers<typeof CLIENT_ROUTES> {
  return {
    'clients.list': async () => {
      const found = await manager.detect();
      return {
        clients: found.clients.map((c) => ({
          ...c,
          files: c.files.map((f) => ({
            ...f,
            servers: f.servers.map((s) => ({ ...s, config: redactFlaggedConfig(s.config, s.secrets) })),
          })),
        })),
        servers: found.servers.map((s) => ({ ...s, config: redactFlaggedConfig(s.config, s.secrets) })),
        conflicts: found.conflicts,
      };
    },
    'clients.import': async ({ input }) => {
      const result = await manager.import(input.body);
      return {
        added: result.added.map((a) => ({ ...a, config: redactFlaggedConfig(a.config, a.secrets) })),
        skipped: result.skipped,
      };
    },
    'clients.preview': async ({ input }) => {
      const plan = await manager.preview(input.params.id, input.body);
      return planDto(plan, await knownSecrets(manager));
    },
    'clients.connect': async ({ input }) => {
      const secrets = await knownSecrets(manager);
      const result = await manager.connect(input.params.id, input.body);
      return { ...result, plan: planDto(result.plan, secrets) };
    },
    'clients.disconnect': ({ input }) => manager.disconnect(input.params.id),
    'backups.list': async () => ({
      dir: manager.backupsDir,
      backups: (await manager.backups()).map((b) => ({
        id: b.id,
        client: b.client,
        path: b.path,
        existed: b.existed,
        sha256: b.sha256,
        time: b.time,
        active: b.restoredAt === null,
        removed: b.removed.map((r) => r.name),
      })),
    }),
    'backups.restore': ({ input }) => manager.restore(input.body.target),
  };
}

export interface EngineClientOptions {
  /** The gateway's `/mcp` URL as clients should use it (the bound port may differ from the config). */
  gatewayUrl: string | (() => string);
  /** How stdio-only clients start the bridge (the desktop app passes its stable absolute path). */
  bridgeCommand: ClientManagerOptions['bridgeCommand'];
  env?: ClientManagerOptions['env'];
  platform?: string;
  projectDirs?: string[];
}

/**
 * A client manager wired to the engine: imports go through the ConfigStore (source `import`),
 * duplicates are checked against the running config, and "seen" comes from MCP sessions.
 */
export function createEngineClientManager(ctx: EngineContext, options: EngineClientOptions): ClientManager {
  return createClientManager({
    env: options.env ?? ctx.env ?? process.env,
    platform: options.platform ?? process.platform,
    dataDir: ctx.paths.dataDir,
    gatewayUrl: options.gatewayUrl,
    bridgeCommand: options.bridgeCommand,
    logger: ctx.logger,
    clock: ctx.clock,
    ...(options.projectDirs === undefined ? {} : { projectDirs: options.projectDirs }),
    seenClients: () => ctx.sessions.list().map((s) => s.clientName),
    gatewayServers: () => ctx.config.current().mcpServers,
    ...(ctx.identity === undefined ? {} : { tokens: identityIssuer(ctx.identity) }),
    addServers: async (entries: ImportedServer[]) => {
      await ctx.config.update((draft) => {
        for (const e of entries) {
          draft.mcpServers[e.name] = e.config;
        }
      }, 'import');
    },
  });
}

/** Mount the client routes on the API router (behind its auth and limits). */
export function mountClientRoutes(router: Router, ctx: EngineContext, manager: ClientManager): void {
  registerRoutes(router, CLIENT_ROUTES, clientHandlers(manager), ctx);
}
