import type { Router } from 'express';

import { CLIENT_ROUTES, REDACTED } from '../../../src-shared/api/clients.js';
import type { ServerConfig } from '../../../src-shared/config.js';
import {
  type ClientManager,
  type ClientManagerOptions,
  type ClientPlan,
  type ImportedServer,
  type SecretFlag,
  createClientManager,
} from '../clients/index.js';
import type { EngineContext } from '../types.js';

import { type RouteHandlers, registerRoutes } from './register.js';

/** The secret strings inside a server config, found from its flags. */
function secretValues(config: ServerConfig | undefined, flags: readonly SecretFlag[]): string[] {
  if (config === undefined) {
    return [];
  }
  const out: string[] = [];
  const args = config.args ?? [];
  for (const f of flags) {
    if (f.field === 'env' || f.field === 'headers') {
      const v = config[f.field]?.[f.key];
      if (v !== undefined) {
        out.push(v.replace(/^Bearer\s+/i, ''));
      }
    } else if (/^\d+$/.test(f.key)) {
      out.push(args[Number(f.key)] ?? '');
    } else {
      const i = args.findIndex((a) => a === f.key || a.startsWith(`${f.key}=`));
      const a = args[i];
      out.push(a === undefined ? '' : a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? ''));
    }
  }
  return out.filter((v) => v !== '');
}

function redactConfig<T extends ServerConfig | undefined>(config: T, flags: readonly SecretFlag[]): T {
  if (config === undefined || flags.length === 0) {
    return config;
  }
  const values = secretValues(config, flags);
  const out: ServerConfig = structuredClone(config);
  for (const f of flags) {
    if ((f.field === 'env' || f.field === 'headers') && out[f.field]?.[f.key] !== undefined) {
      (out[f.field] as Record<string, string>)[f.key] = REDACTED;
    }
  }
  if (out.args !== undefined) {
    out.args = out.args.map((a) => values.reduce((s, v) => s.split(v).join(REDACTED), a));
  }
  return out as T;
}

/** Replace every known secret value in a text (diffs and file text shown to people). */
function redactText(text: string, values: readonly string[]): string {
  let out = text;
  // Longest first, so a value containing another is replaced whole.
  for (const v of [...values].sort((a, b) => b.length - a.length)) {
    if (v.length >= 6) {
      out = out.split(v).join(REDACTED);
    }
  }
  return out;
}

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
      diff: redactText(f.diff, secrets),
      after: redactText(f.after, secrets),
      actions: f.actions,
    })),
  };
}

/** Every secret value in every client file and in the gateway config, for redacting texts. */
async function knownSecrets(manager: ClientManager): Promise<string[]> {
  const found = await manager.detect();
  const values = new Set<string>();
  for (const c of found.clients) {
    for (const f of c.files) {
      for (const s of f.servers) {
        secretValues(s.config, s.secrets).forEach((v) => values.add(v));
      }
    }
  }
  return [...values];
}

export function clientHandlers(manager: ClientManager): RouteHandlers<typeof CLIENT_ROUTES> {
  return {
    'clients.list': async () => {
      const found = await manager.detect();
      return {
        clients: found.clients.map((c) => ({
          ...c,
          files: c.files.map((f) => ({
            ...f,
            servers: f.servers.map((s) => ({ ...s, config: redactConfig(s.config, s.secrets) })),
          })),
        })),
        servers: found.servers.map((s) => ({ ...s, config: redactConfig(s.config, s.secrets) })),
        conflicts: found.conflicts,
      };
    },
    'clients.import': async ({ input }) => {
      const result = await manager.import(input.body);
      return {
        added: result.added.map((a) => ({ ...a, config: redactConfig(a.config, a.secrets) })),
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
    env: options.env ?? process.env,
    platform: options.platform ?? process.platform,
    dataDir: ctx.paths.dataDir,
    gatewayUrl: options.gatewayUrl,
    bridgeCommand: options.bridgeCommand,
    logger: ctx.logger,
    clock: ctx.clock,
    ...(options.projectDirs === undefined ? {} : { projectDirs: options.projectDirs }),
    seenClients: () => ctx.sessions.list().map((s) => s.clientName),
    gatewayServers: () => ctx.config.current().mcpServers,
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
