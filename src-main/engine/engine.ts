/**
 * The composition root: builds every part of the engine from its options and wires them
 * together. Nothing else creates long-lived objects; everything created here is closed by
 * `close()`, in reverse order.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { Express } from 'express';

import {
  type GatewayConfig,
  isLoopbackHost,
  mayStartAsleep,
  type ServerConfig,
} from '../../src-shared/config.js';
import { GatewayError } from '../../src-shared/errors.js';
import type { EngineEvent } from '../../src-shared/events.js';
import { errorText } from '../../src-shared/values.js';
import type { ControlPlane } from './api/index.js';
import { loadOpenBackend, spawnStdioServersEarly } from './backends/index.js';
import { createListCache, loadCatalog } from './catalog/index.js';
import { expandServerConfig, openConfigStore } from './config/index.js';
import { createEventBus, systemClock } from './events.js';
import type { Frontends } from './frontends/index.js';
import { createIdentity, type Identity } from './identity/index.js';
import { defaultPaths } from './paths.js';
import { IDENTIFY_PATH, removeRuntimeFile, runtimeProof, writeRuntimeFile } from './runtime-file.js';
import {
  createHostOriginGuard,
  loadOrCreateAdminToken,
  loadSecrets,
  type SecretStore,
} from './security/index.js';
import { createIdleMemoryTrimmer, createLogger, type IdleMemorySettings } from './telemetry/index.js';
import { createDefinitionHashes, loadTrust } from './trust/index.js';
import type {
  BackendHooks,
  Clock,
  ConfigProblem,
  Disposable,
  EngineContext,
  EnginePaths,
  EventBus,
  Logger,
} from './types.js';
import { productVersion } from './version.js';

export interface EngineOptions {
  /** Where the config and data live (default: the OS folders, or MCP_GATEWAY_HOME). */
  paths?: Partial<EnginePaths>;
  /** Override the config's gateway.host / gateway.port (e.g. `--port 0` in tests). */
  host?: string;
  port?: number;
  logger?: Logger;
  clock?: Clock;
  /** The environment `${VAR}` expands from and children inherit (allow-listed). */
  env?: NodeJS.ProcessEnv;
  /** Resolves `${secret:NAME}` from the OS keychain. */
  resolveSecret?: (name: string) => Promise<string | undefined>;
  /**
   * Started from a GUI (Finder, Start menu, a .desktop file): children get the user's
   * login-shell PATH so `npx`, `uvx` and `docker` are found.
   */
  guiLaunch?: boolean;
  /** Watch the config file for hand edits (default true). */
  watchConfig?: boolean;
  /** Write `<dataDir>/gateway.json` so the CLI can find this gateway (default true). */
  writeRuntimeFile?: boolean;
  /** Give the heap back to the OS after a few quiet seconds (default on; see telemetry/idle-memory.ts). */
  releaseIdleMemory?: boolean | IdleMemorySettings;
  /**
   * Opens a sign-in page in the user's browser (the desktop app passes shell.openExternal).
   * Default: the command in `$BROWSER` when set, else nothing (the URL is returned to the caller).
   */
  openUrl?: (url: string) => Promise<void>;
}

export interface Engine {
  /** Base URL, e.g. `http://127.0.0.1:7411`. */
  url: string;
  /** The MCP endpoint clients connect to. */
  mcpUrl: string;
  /** The dashboard, token in the fragment (never sent over the wire). */
  uiUrl: string;
  host: string;
  port: number;
  token: string;
  ctx: EngineContext;
  /** Stop every server (the tray's pause); the config is not changed. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  isPaused(): boolean;
  /**
   * What the CLI and the desktop use of a running engine, so they need not reach into `ctx`.
   * (`ctx` stays for the tray's status model and for tests.)
   */
  paths: EnginePaths;
  version: string;
  /** The config in force, and the problem of the file on disk if it has one. */
  currentConfig(): GatewayConfig;
  configProblem(): ConfigProblem | undefined;
  onEvent(listener: (event: EngineEvent) => void): Disposable;
  restartServer(name: string, reason: string): Promise<void>;
  wakeServer(name: string, reason: string): Promise<void>;
  resetCircuit(name: string): Promise<void>;
  setServerDisabled(name: string, disabled: boolean): Promise<void>;
  /** Starts a server's OAuth sign-in and opens the browser. */
  signIn(name: string): Promise<void>;
  /** Stop listening, stop every server, flush the config. Safe to call twice. */
  close(): Promise<void>;
}

/** Every server switched off, for pause. */
function pausedConfig(config: GatewayConfig): GatewayConfig {
  const servers: Record<string, ServerConfig> = {};
  for (const [name, s] of Object.entries(config.mcpServers)) {
    servers[name] = { ...s, disabled: true };
  }
  return { ...config, mcpServers: servers };
}

/** Events kept for a control plane that has not loaded yet (it loads when this many wait). */
const EARLY_EVENT_LIMIT = 1_000;

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const env = options.env ?? process.env;
  const defaults = defaultPaths(env);
  const paths: EnginePaths = {
    configFile: path.resolve(options.paths?.configFile ?? defaults.configFile),
    dataDir: path.resolve(options.paths?.dataDir ?? defaults.dataDir),
  };
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const bus = createEventBus(logger);
  // The control plane loads on first use (see below); until then its listeners' events wait
  // here, so its event history and metrics cover the whole run. Bounded: a long run without
  // any control-plane request loads it once this fills.
  const earlyEvents: EngineEvent[] = [];
  const controlPlane: { load?: () => Promise<ControlPlane> } = {};
  const buffering = bus.on((e) => {
    earlyEvents.push(e);
    if (earlyEvents.length >= EARLY_EVENT_LIMIT && controlPlane.load !== undefined) {
      void controlPlane.load().catch(() => undefined);
    }
  });
  const version = productVersion();
  const startedAt = clock.now();

  const config = await openConfigStore({ path: paths.configFile, logger, watch: options.watchConfig });
  const settings = config.current().gateway;
  // What "restart needed" compares against, wherever the control plane mounts later.
  const startedSettings = structuredClone(settings);
  const host = options.host ?? settings.host;
  const wantedPort = options.port ?? settings.port;
  if (!isLoopbackHost(host) && !settings.allowRemote) {
    await config.close();
    throw new GatewayError(
      'CONFIG_INVALID',
      `refusing to listen on ${host}: only 127.0.0.1 is allowed unless "gateway.allowRemote": true is set in ${paths.configFile} (the admin token is then required on every request)`,
    );
  }
  const token = await loadOrCreateAdminToken(paths.dataDir);
  const nonce = randomBytes(32).toString('base64url');
  let identity: Identity;
  try {
    identity = await createIdentity({ dataDir: paths.dataDir, config, clock, logger, adminToken: token });
  } catch (err) {
    await config.close();
    throw new GatewayError('CONFIG_INVALID', errorText(err));
  }

  // Opened on first use (most configs have no secrets) and re-decided while it is unusable,
  // so starting the keychain or consenting to the file fallback takes effect without a restart.
  let secretStore: Promise<SecretStore> | undefined;
  const secrets = async (): Promise<SecretStore> => {
    let store = secretStore === undefined ? undefined : await secretStore;
    if (store === undefined || store.kind === 'none') {
      const allowFileFallback = config.current().gateway.secrets?.allowFileFallback === true;
      // The keychain module (a native addon) loads on first use, off the start-up path.
      secretStore = loadSecrets().then(({ openSecretStore }) =>
        openSecretStore({ dataDir: paths.dataDir, allowFileFallback }),
      );
      store = await secretStore;
    }
    return store;
  };
  const resolveSecret = options.resolveSecret ?? (async (name: string) => (await secrets()).get(name));

  // Start-up order, for a fast cold start: bind the port (a port in use fails before anything
  // is spawned), spawn the servers, and only then load the HTTP stack (express, the frontends,
  // the control plane), so its loading overlaps the servers' own start-up. Requests that arrive
  // in between wait for the app; they pass the same guard as every other request.
  const route: { app?: http.RequestListener } = {};
  const early: Array<[http.IncomingMessage, http.ServerResponse]> = [];
  // Whole requests (headers and body) must arrive within requestTimeout, headers alone within
  // headersTimeout, checked every few seconds: a client that trickles bytes cannot hold a
  // connection for long. Answers are not limited by this, so long tool calls and SSE streams
  // stay open. (The MCP endpoints also time out each body on their own: limits.bodyTimeoutMs.)
  const server = http.createServer({ connectionsCheckingInterval: 5_000 }, (req, res) => {
    if (route.app !== undefined) {
      route.app(req, res);
    } else {
      early.push([req, res]);
    }
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new GatewayError(
              'UNAVAILABLE',
              `port ${wantedPort} on ${host} is already in use — is another gateway running? (\`mcp-gateway status\`) Or pick another port with --port or "gateway.port"`,
            )
          : err,
      );
    };
    server.once('error', onError);
    server.listen(wantedPort, host, () => {
      server.off('error', onError);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await config.close();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${hostForUrl(host)}:${port}`;

  // Stdio servers are spawned now, before the MCP SDK, the catalog and the supervisor load, so
  // their own start-up overlaps ours. The supervisor's transports take these children over
  // (same checks, same plan); whatever is not taken by the time the first start settles is
  // killed. Servers that need a secret or the login shell's PATH start the ordinary way.
  // Servers whose lists are cached sleep until first use: they are listed from the cache, not spawned.
  // Tool definition hashes are saved with the cached lists, so tool trust need not redo them.
  const digests = createDefinitionHashes();
  const listCache = createListCache(paths.dataDir, { logger, digests });
  const launchConfig = config.current();
  const spawnNow = Object.fromEntries(
    Object.entries(launchConfig.mcpServers).filter(
      ([name, s]) => !(mayStartAsleep(s, launchConfig.gateway) && listCache.has(name, s)),
    ),
  );
  const earlyChildren = await spawnStdioServersEarly(spawnNow, {
    env,
    guiLaunch: options.guiLaunch ?? false,
    expand: (name, server) =>
      expandServerConfig(name, server, env, () =>
        Promise.reject(new Error('secrets are resolved by the supervisor')),
      ),
  });
  const [
    { createSupervisor },
    { createCatalog },
    { openBackend },
    { createTrust },
    { selectTools, createSemanticRanker },
    { createOAuthManager, openWithBrowserCommand, startSignInByName },
  ] = await Promise.all([
    import('./supervisor/index.js'),
    loadCatalog(),
    loadOpenBackend(),
    loadTrust(),
    import('./context/index.js'),
    import('./oauth/index.js'),
  ]).catch(async (err: unknown) => {
    earlyChildren.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await config.close();
    throw err;
  });

  // The catalog prepares each backend client; the supervisor creates them. Bind late to break the cycle.
  const bound: { hooks?: BackendHooks } = {};
  const lateHooks: BackendHooks = {
    capabilities: (server) => bound.hooks?.capabilities(server) ?? {},
    prepare: (server, client, dedicatedFor) => bound.hooks?.prepare(server, client, dedicatedFor),
  };
  const browser = env.BROWSER;
  const oauth = createOAuthManager({
    secrets,
    logger,
    clock,
    redirectUrl: () => `${url}/oauth/callback`,
    ...(options.openUrl
      ? { openUrl: options.openUrl }
      : browser
        ? { openUrl: (u: string) => openWithBrowserCommand(browser, u) }
        : {}),
  });
  const supervisor = createSupervisor({
    logger,
    clock,
    bus,
    hooks: lateHooks,
    env,
    dataDir: paths.dataDir,
    guiLaunch: options.guiLaunch ?? false,
    settings: () => config.current().gateway.supervisor,
    expand: (name: string, server: ServerConfig) => expandServerConfig(name, server, env, resolveSecret),
    openBackend: (name, server, opts) =>
      openBackend(name, server, { ...opts, earlyChildren, authFor: oauth.authFor }),
    sleepCache: {
      has: (name, server) => listCache.has(name, server),
      footprint: (name, server) => listCache.get(name, server)?.footprintBytes,
      setFootprint: (name, server, bytes) => listCache.setFootprint(name, server, bytes),
    },
  });
  oauth.onSignInNeeded((name, reason) => void supervisor.signInRequired(name, reason));
  oauth.onSignedIn((name) => {
    void supervisor
      .restart(name, 'signed in')
      .catch((err: unknown) =>
        logger.warn('could not start the server after sign-in', { server: name, err: String(err) }),
      );
  });
  // Tool trust sits at the selection seam: held-back tools never reach clients, budgets or meta search.
  const trust = createTrust({ dataDir: paths.dataDir, config, bus, logger, clock, hashes: digests });
  const catalog = createCatalog({
    supervisor,
    config,
    bus,
    logger,
    clock,
    listCache,
    selectTools: trust.wrap(selectTools),
  });
  bound.hooks = catalog.hooks;
  // Optional semantic ranking for meta search: tool vectors follow the catalog in the background.
  const semantic = createSemanticRanker({
    settings: () => config.current().gateway.search.embeddings,
    resolveSecret,
    logger: logger.child({ component: 'embeddings' }),
    file: path.join(paths.dataDir, 'search-embeddings.json'),
  });

  let paused = false;
  const subscriptions = [
    trust.onChange(() => catalog.reselect()),
    bus.on((e) => {
      if (e.type === 'catalog.changed') {
        semantic.sync(catalog.tools());
      }
    }),
    config.onChange((next, prev, source) => {
      const at = clock.now();
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
      bus.emit({ type: 'config.reloaded', at, path: paths.configFile });
      if (JSON.stringify(next.gateway.search.embeddings) !== JSON.stringify(prev.gateway.search.embeddings)) {
        semantic.sync(catalog.tools());
      }
      void supervisor
        .apply(paused ? pausedConfig(next) : next)
        .catch((err: unknown) => logger.error('could not apply the new config', { err: String(err) }));
    }),
    config.onProblem((p) =>
      bus.emit({ type: 'config.error', at: clock.now(), path: paths.configFile, ...p }),
    ),
  ];

  // Servers start in the background, in parallel; listening does not wait for them.
  void supervisor
    .apply(config.current())
    .catch((err: unknown) => logger.error('could not start servers', { err: String(err) }))
    .finally(() => earlyChildren.dispose());
  // The starts above reach spawn() through promise callbacks only (unless a secret or the
  // login shell is awaited); let them run before compiling the HTTP stack blocks the thread.
  await new Promise<void>((resolve) => setImmediate(resolve));

  let app: Express;
  let frontends: Frontends;
  let ctx: EngineContext;
  try {
    const stack = await import('./http-stack.js');
    app = stack.express();
    app.disable('x-powered-by');
    app.set('trust proxy', false);
    const guard = createHostOriginGuard({
      host,
      port: () => port,
      allowedOrigins: () => config.current().gateway.allowedOrigins,
    });
    app.use(guard);
    // Answers a challenge with proof that this is the gateway of the runtime file (no token needed).
    app.get(IDENTIFY_PATH, (req, res) => {
      const challenge = req.query['challenge'];
      if (typeof challenge !== 'string' || challenge.length < 16 || challenge.length > 256) {
        res.status(400).json({ error: 'send ?challenge=<16 to 256 random characters>' });
        return;
      }
      res.json({ pid: process.pid, proof: runtimeProof(nonce, challenge) });
    });
    frontends = stack.mountFrontends(app, {
      catalog,
      supervisor,
      config,
      bus,
      logger,
      clock,
      allows: guard.allows,
      dataDir: paths.dataDir,
      identity,
      semantic,
    });
    ctx = {
      version,
      startedAt,
      paths,
      logger,
      clock,
      bus,
      config,
      supervisor,
      catalog,
      trust,
      sessions: frontends.sessions,
      secrets,
      env,
      oauth,
      identity,
      semantic,
    };
  } catch (err) {
    buffering.dispose();
    earlyChildren.dispose();
    for (const [, res] of early.splice(0)) {
      res.writeHead(503).end();
    }
    for (const s of subscriptions) {
      s.dispose();
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await catalog.close();
    trust.close();
    await supervisor.close();
    oauth.close();
    await identity.close();
    await config.close();
    throw err;
  }
  // The control plane (REST API, /metrics, /ui): loaded and mounted behind the frontends, as
  // the last routes, by the first request that reaches this point, i.e. anything but MCP
  // traffic. A gateway that only serves MCP clients never loads it.
  let control: Promise<ControlPlane> | undefined;
  let controlMounted = false;
  const loadControl = (): Promise<ControlPlane> =>
    (control ??= import('./api/index.js').then(({ mountControlPlane }) => {
      const missed = earlyEvents.splice(0);
      buffering.dispose();
      // Listeners that subscribe while the control plane mounts first get what they missed.
      let mounting = true;
      const replayingBus: EventBus = {
        emit: (e) => bus.emit(e),
        on(listener) {
          if (mounting) {
            for (const e of missed) {
              try {
                listener(e);
              } catch (err) {
                logger.error('event listener failed', { type: e.type, err: String(err) });
              }
            }
          }
          return bus.on(listener);
        },
      };
      try {
        const plane = mountControlPlane(
          app,
          { ...ctx, bus: replayingBus },
          { mcpUrl: () => `${url}/mcp`, startedSettings },
        );
        controlMounted = true;
        return plane;
      } catch (err) {
        logger.error('could not start the control plane', { err: String(err) });
        throw err;
      } finally {
        mounting = false;
      }
    }));
  app.use((_req, _res, next) => {
    if (controlMounted) {
      next();
      return;
    }
    loadControl().then(() => next(), next);
  });
  controlPlane.load = loadControl;

  // MCP calls on open sessions skip express's routing (the hot path, which applies the guard's
  // check itself); everything else, and any request the guard would refuse, goes through the app.
  const listener: http.RequestListener = (req, res) => {
    if (!frontends.route(req, res)) {
      app(req, res);
    }
  };
  route.app = listener;
  for (const [req, res] of early.splice(0)) {
    listener(req, res);
  }

  // Requests and engine events are activity; a few quiet seconds after them the heap is released.
  const idle = options.releaseIdleMemory ?? true;
  const idleMemory =
    idle === false ? undefined : createIdleMemoryTrimmer({ ...(idle === true ? {} : idle), clock, logger });
  if (idleMemory !== undefined) {
    server.on('request', () => idleMemory.activity());
    bus.on(() => idleMemory.activity());
    idleMemory.activity();
  }

  if (options.writeRuntimeFile !== false) {
    await writeRuntimeFile(paths.dataDir, {
      url,
      host,
      port,
      pid: process.pid,
      version,
      startedAt,
      configFile: paths.configFile,
      nonce,
    });
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      bus.emit({ type: 'gateway.stopping', at: clock.now() });
      for (const s of subscriptions) {
        s.dispose();
      }
      const listening = new Promise<void>((resolve) => server.close(() => resolve()));
      buffering.dispose();
      await Promise.allSettled([frontends.close(), control?.then((c) => c.close())]);
      server.closeAllConnections();
      await listening;
      await catalog.close();
      trust.close();
      await supervisor.close();
      oauth.close();
      earlyChildren.dispose();
      await listCache.flush();
      await semantic.close();
      await identity.close();
      await config.close();
      await idleMemory?.close();
      if (options.writeRuntimeFile !== false) {
        await removeRuntimeFile(paths.dataDir);
      }
    })();
    return closing;
  };

  return {
    url,
    mcpUrl: `${url}/mcp`,
    uiUrl: `${url}/ui/#token=${token}`,
    host,
    port,
    token,
    ctx,
    paths,
    version: ctx.version,
    currentConfig: () => config.current(),
    configProblem: () => config.problem(),
    onEvent: (listener) => bus.on(listener),
    restartServer: (name, reason) => supervisor.restart(name, reason),
    async wakeServer(name, reason) {
      await supervisor.wake(name, reason);
    },
    resetCircuit: (name) => supervisor.resetCircuit(name),
    async setServerDisabled(name, disabled) {
      await config.update((draft) => {
        const entry = draft.mcpServers[name];
        if (entry !== undefined) {
          entry.disabled = disabled;
        }
      }, 'api');
    },
    async signIn(name) {
      await startSignInByName(ctx, name, { open: true });
    },
    isPaused: () => paused,
    async pause() {
      if (!paused) {
        paused = true;
        bus.emit({ type: 'gateway.paused', at: clock.now() });
        await supervisor.apply(pausedConfig(config.current()));
      }
    },
    async resume() {
      if (paused) {
        paused = false;
        bus.emit({ type: 'gateway.resumed', at: clock.now() });
        await supervisor.apply(config.current());
      }
    },
    close,
  };
}
