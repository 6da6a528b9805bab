/**
 * The engine's parts and how they are wired: the supervisor, the catalog, tool trust, sign-in and
 * semantic ranking, built from what start-up already opened. Everything built here is added to
 * the start-up's disposal stack as it is built, so a failure later releases it.
 */
import path from 'node:path';

import type { GatewayConfig, ServerConfig } from '../../src-shared/config.js';
import { loadOpenBackend, type spawnStdioServersEarly } from './backends/index.js';
import { type createListCache, loadCatalog } from './catalog/index.js';
import { expandServerConfig, type ManagedConfigStore } from './config/index.js';
import { type DisposalStack, once } from './disposal-stack.js';
import type { SecretStore } from './security/index.js';
import { type createDefinitionHashes, loadTrust } from './trust/index.js';
import type {
  BackendHooks,
  Clock,
  ConfigSource,
  ConfigStore,
  EnginePaths,
  EventBus,
  Logger,
} from './types.js';

/** What every part is built with. */
export interface EngineBase {
  env: NodeJS.ProcessEnv;
  paths: EnginePaths;
  logger: Logger;
  clock: Clock;
  bus: EventBus;
  version: string;
  startedAt: number;
}

/** The modules start-up loads once the servers are spawned (they pull in the MCP SDK). */
export async function loadModules() {
  // One at a time, with a turn of the event loop between them: loading blocks the thread, and a
  // client answered from the start-up answers (early/) should not wait for all of it at once.
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const supervisor = await import('./supervisor/index.js');
  await turn();
  const catalog = await loadCatalog();
  await turn();
  const backend = await loadOpenBackend();
  await turn();
  const trust = await loadTrust();
  await turn();
  const context = await import('./context/index.js');
  await turn();
  const oauth = await import('./oauth/index.js');
  return { supervisor, catalog, backend, trust, context, oauth };
}

export type Modules = Awaited<ReturnType<typeof loadModules>>;

/** What start-up opened before the parts were loaded. */
export interface Opened {
  config: ConfigStore;
  secrets: () => Promise<SecretStore>;
  resolveSecret: (name: string) => Promise<string | undefined>;
  listCache: ReturnType<typeof createListCache>;
  digests: ReturnType<typeof createDefinitionHashes>;
  earlyChildren: Awaited<ReturnType<typeof spawnStdioServersEarly>>;
  /** The engine's base URL (the OAuth callback lives there). */
  url: string;
  guiLaunch: boolean;
  openUrl: ((url: string) => Promise<void>) | undefined;
}

function createOAuth(base: EngineBase, opened: Opened, m: Modules) {
  const browser = base.env.BROWSER;
  return m.oauth.createOAuthManager({
    secrets: opened.secrets,
    logger: base.logger,
    clock: base.clock,
    redirectUrl: () => `${opened.url}/oauth/callback`,
    ...(opened.openUrl
      ? { openUrl: opened.openUrl }
      : browser
        ? { openUrl: (u: string) => m.oauth.openWithBrowserCommand(browser, u) }
        : {}),
  });
}

function createSupervisor(
  base: EngineBase,
  opened: Opened,
  m: Modules,
  hooks: BackendHooks,
  oauth: ReturnType<Modules['oauth']['createOAuthManager']>,
) {
  const { config, listCache, earlyChildren } = opened;
  return m.supervisor.createSupervisor({
    logger: base.logger,
    clock: base.clock,
    bus: base.bus,
    hooks,
    env: base.env,
    dataDir: base.paths.dataDir,
    guiLaunch: opened.guiLaunch,
    settings: () => config.current().gateway.supervisor,
    expand: (name: string, server: ServerConfig) =>
      expandServerConfig(name, server, base.env, opened.resolveSecret),
    openBackend: (name, server, opts) =>
      m.backend.openBackend(name, server, { ...opts, earlyChildren, authFor: oauth.authFor }),
    sleepCache: {
      has: (name, server) => listCache.has(name, server),
      footprint: (name, server) => listCache.get(name, server)?.footprintBytes,
      setFootprint: (name, server, bytes) => listCache.setFootprint(name, server, bytes),
    },
  });
}

/** Builds and wires the parts; each goes onto `stack` as soon as it exists. */
export function composeParts(base: EngineBase, opened: Opened, m: Modules, stack: DisposalStack) {
  const { config, listCache } = opened;
  const { logger, clock, bus } = base;
  // The catalog prepares each backend client; the supervisor creates them. Bind late to break the cycle.
  const bound: { hooks?: BackendHooks } = {};
  const lateHooks: BackendHooks = {
    capabilities: (server) => bound.hooks?.capabilities(server) ?? {},
    prepare: (server, client, dedicatedFor) => bound.hooks?.prepare(server, client, dedicatedFor),
  };
  const oauth = stack.use('sign-in', createOAuth(base, opened, m), (o) => o.close());
  const supervisor = stack.use('supervisor', createSupervisor(base, opened, m, lateHooks, oauth), (s) =>
    s.close(),
  );
  oauth.onSignInNeeded((name, reason) => void supervisor.signInRequired(name, reason));
  oauth.onSignedIn((name) => {
    void supervisor
      .restart(name, 'signed in')
      .catch((err: unknown) =>
        logger.warn('could not start the server after sign-in', { server: name, err: String(err) }),
      );
  });
  // Tool trust sits at the selection seam: held-back tools never reach clients, budgets or meta search.
  const trust = stack.use(
    'tool trust',
    m.trust.createTrust({ dataDir: base.paths.dataDir, config, bus, logger, clock, hashes: opened.digests }),
    (t) => t.close(),
  );
  const catalog = stack.use(
    'catalog',
    m.catalog.createCatalog({
      supervisor,
      config,
      bus,
      logger,
      clock,
      listCache,
      selectTools: trust.wrap(m.context.selectTools),
    }),
    (c) => c.close(),
  );
  bound.hooks = catalog.hooks;
  // Optional semantic ranking for meta search: tool vectors follow the catalog in the background.
  const semantic = stack.use(
    'semantic ranking',
    m.context.createSemanticRanker({
      settings: () => config.current().gateway.search.embeddings,
      resolveSecret: opened.resolveSecret,
      logger: logger.child({ component: 'embeddings' }),
      file: path.join(base.paths.dataDir, 'search-embeddings.json'),
    }),
    (s) => s.close(),
  );
  return { oauth, supervisor, trust, catalog, semantic };
}

export type Parts = ReturnType<typeof composeParts>;

/** Every server switched off, for pause. */
export function pausedConfig(config: GatewayConfig): GatewayConfig {
  const servers: Record<string, ServerConfig> = {};
  for (const [name, s] of Object.entries(config.mcpServers)) {
    servers[name] = { ...s, disabled: true };
  }
  return { ...config, mcpServers: servers };
}

/** The events a config change means, in the order the old and new configs list the servers. */
function configEvents(base: EngineBase, next: GatewayConfig, prev: GatewayConfig, source: ConfigSource) {
  const { bus } = base;
  const at = base.clock.now();
  for (const name of Object.keys(next.mcpServers)) {
    if (!(name in prev.mcpServers)) {
      bus.emit({ type: 'server.added', at, server: name, source });
    } else if (JSON.stringify(prev.mcpServers[name]) !== JSON.stringify(next.mcpServers[name])) {
      bus.emit({ type: 'server.updated', at, server: name, source });
    }
  }
  for (const name of Object.keys(prev.mcpServers)) {
    if (!(name in next.mcpServers)) {
      bus.emit({ type: 'server.removed', at, server: name, source });
    }
  }
  bus.emit({ type: 'config.reloaded', at, path: base.paths.configFile });
}

/**
 * Keeps the parts in step: a trust decision reselects, a catalog change re-syncs tool vectors,
 * a config change becomes events and is applied to the supervisor (paused: every server off).
 */
export function wireParts(
  base: EngineBase,
  config: ManagedConfigStore,
  parts: Parts,
  isPaused: () => boolean,
  stack: DisposalStack,
): () => void {
  const { bus, logger } = base;
  const { catalog, semantic, supervisor } = parts;
  const subscriptions = [
    parts.trust.onChange(() => catalog.reselect()),
    bus.on((e) => {
      if (e.type === 'catalog.changed') {
        semantic.sync(catalog.tools());
      }
    }),
    config.onChange((next, prev, source) => {
      configEvents(base, next, prev, source);
      if (JSON.stringify(next.gateway.search.embeddings) !== JSON.stringify(prev.gateway.search.embeddings)) {
        semantic.sync(catalog.tools());
      }
      void supervisor
        .apply(isPaused() ? pausedConfig(next) : next)
        .catch((err: unknown) => logger.error('could not apply the new config', { err: String(err) }));
    }),
    config.onProblem((p) =>
      bus.emit({ type: 'config.error', at: base.clock.now(), path: base.paths.configFile, ...p }),
    ),
  ];
  const release = once(() => {
    for (const s of subscriptions) {
      s.dispose();
    }
  });
  // For a start-up that fails half-way; a started engine releases them first (see `start`).
  stack.defer('config and event subscriptions', release);
  return release;
}
