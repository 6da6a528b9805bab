/**
 * The composition root: `createEngine()` runs the start-up sequence, builds every part of the
 * engine from its options and wires them together (`engine-parts.ts`, `engine-http.ts`). Each
 * resource start-up acquires goes onto one disposal stack as it is acquired; `close()` releases
 * them newest first, and a start-up that fails half-way releases exactly what it had acquired.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';

import { type GatewayConfig, isLoopbackHost, mayStartAsleep } from '../../src-shared/config.js';
import { GatewayError } from '../../src-shared/errors.js';
import type { EngineEvent } from '../../src-shared/events.js';
import { errorText } from '../../src-shared/values.js';
import { spawnStdioServersEarly } from './backends/index.js';
import { createListCache, type ListCache } from './catalog/index.js';
import { expandServerConfig, type ManagedConfigStore, openConfigStore } from './config/index.js';
import { DisposalStack, once } from './disposal-stack.js';
import { type EarlyStart, type HandshakeWait, startEarlyAnswers } from './early/index.js';
import { collectEarlyEvents, hostOriginGuard, listen, type Listening, mountHttp } from './engine-http.js';
import {
  composeParts,
  type EngineBase,
  loadModules,
  type Modules,
  type Opened,
  type Parts,
  pausedConfig,
  wireParts,
} from './engine-parts.js';
import { createEventBus, systemClock } from './events.js';
import { createIdentity, type Identity } from './identity/index.js';
import { defaultPaths } from './paths.js';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file.js';
import {
  type HostOriginGuard,
  loadOrCreateAdminToken,
  loadSecrets,
  type SecretStore,
} from './security/index.js';
import { createIdleMemoryTrimmer, createLogger, type IdleMemorySettings } from './telemetry/index.js';
import { createDefinitionHashes } from './trust/index.js';
import type {
  Clock,
  ConfigProblem,
  Disposable,
  EngineContext,
  EnginePaths,
  Logger,
  ServerStatus,
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
  /**
   * How long loading waits for the handshakes of clients answered from the kept answers at
   * start-up (see early/; default 25 ms quiet, 250 ms in all). Tests widen it.
   */
  handshakeWait?: HandshakeWait;
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
  /**
   * Everything the control API and the frontends are given. The CLI and the desktop use the
   * methods below instead; `ctx` is for the engine's own parts and for tests.
   */
  ctx: EngineContext;
  /** Stop every server (the tray's pause); the config is not changed. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  isPaused(): boolean;
  /** What the CLI and the desktop use of a running engine, so they need not reach into `ctx`. */
  paths: EnginePaths;
  version: string;
  /** The config in force, and the problem of the file on disk if it has one. */
  currentConfig(): GatewayConfig;
  configProblem(): ConfigProblem | undefined;
  onEvent(listener: (event: EngineEvent) => void): Disposable;
  /** Every configured server with its state (the tray's health and menu). */
  servers(): ServerStatus[];
  /** How many tools wait for the user's review, per server (tool trust). */
  toolsAwaitingReview(): Record<string, number>;
  restartServer(name: string, reason: string): Promise<void>;
  wakeServer(name: string, reason: string): Promise<void>;
  resetCircuit(name: string): Promise<void>;
  setServerDisabled(name: string, disabled: boolean): Promise<void>;
  /** Starts a server's OAuth sign-in and opens the browser. */
  signIn(name: string): Promise<void>;
  /** Stop listening, stop every server, flush the config. Safe to call twice. */
  close(): Promise<void>;
}

function baseOf(options: EngineOptions): EngineBase {
  const env = options.env ?? process.env;
  const defaults = defaultPaths(env);
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  return {
    env,
    paths: {
      configFile: path.resolve(options.paths?.configFile ?? defaults.configFile),
      dataDir: path.resolve(options.paths?.dataDir ?? defaults.dataDir),
    },
    logger,
    clock,
    bus: createEventBus(logger),
    version: productVersion(),
    startedAt: clock.now(),
  };
}

/** The config file, where to listen, the admin token and client identity. */
async function openSettings(base: EngineBase, options: EngineOptions, stack: DisposalStack) {
  const { paths, logger, clock } = base;
  const config = stack.use(
    'config file',
    await openConfigStore({ path: paths.configFile, logger, watch: options.watchConfig }),
    (c) => c.close(),
  );
  const settings = config.current().gateway;
  const host = options.host ?? settings.host;
  if (!isLoopbackHost(host) && !settings.allowRemote) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `refusing to listen on ${host}: only 127.0.0.1 is allowed unless "gateway.allowRemote": true is set in ${paths.configFile} (the admin token is then required on every request)`,
    );
  }
  const token = await loadOrCreateAdminToken(paths.dataDir);
  const identity = await createIdentity({
    dataDir: paths.dataDir,
    config,
    clock,
    logger,
    adminToken: token,
  }).catch((err: unknown) => {
    throw new GatewayError('CONFIG_INVALID', errorText(err));
  });
  stack.defer('client identity', () => identity.close());
  return {
    config,
    identity,
    token,
    host,
    wantedPort: options.port ?? settings.port,
    // What "restart needed" compares against, wherever the control plane mounts later.
    startedSettings: structuredClone(settings),
  };
}

/**
 * The secret store, opened on first use (most configs have no secrets) and re-decided while it
 * is unusable, so starting the keychain or consenting to the file fallback needs no restart.
 */
function lazySecrets(config: ManagedConfigStore, dataDir: string): () => Promise<SecretStore> {
  let secretStore: Promise<SecretStore> | undefined;
  return async () => {
    let store = secretStore === undefined ? undefined : await secretStore;
    if (store === undefined || store.kind === 'none') {
      const allowFileFallback = config.current().gateway.secrets?.allowFileFallback === true;
      // The keychain module (a native addon) loads on first use, off the start-up path.
      secretStore = loadSecrets().then(({ openSecretStore }) =>
        openSecretStore({ dataDir, allowFileFallback }),
      );
      store = await secretStore;
    }
    return store;
  };
}

/**
 * Stdio servers are spawned now, before the MCP SDK, the catalog and the supervisor load, so
 * their own start-up overlaps ours. The supervisor's transports take these children over (same
 * checks, same plan); whatever is not taken by the time the first start settles is killed.
 * Servers that need a secret or the login shell's PATH start the ordinary way. Servers whose
 * lists are cached sleep until first use: they are listed from the cache, not spawned. Tool
 * definition hashes are saved with the cached lists, so tool trust need not redo them.
 */
async function spawnEarly(
  base: EngineBase,
  config: ManagedConfigStore,
  guiLaunch: boolean,
  stack: DisposalStack,
) {
  const { env, logger } = base;
  const digests = createDefinitionHashes();
  const listCache = stack.use('list cache', createListCache(base.paths.dataDir, { logger, digests }), (c) =>
    c.flush(),
  );
  const launch = config.current();
  const spawnNow = Object.fromEntries(
    Object.entries(launch.mcpServers).filter(
      ([name, s]) => !(mayStartAsleep(s, launch.gateway) && listCache.has(name, s)),
    ),
  );
  const earlyChildren = await spawnStdioServersEarly(spawnNow, {
    env,
    guiLaunch,
    expand: (name, server) =>
      expandServerConfig(name, server, env, () =>
        Promise.reject(new Error('secrets are resolved by the supervisor')),
      ),
  });
  stack.defer('early-spawned children', () => earlyChildren.dispose());
  return { digests, listCache, earlyChildren };
}

/**
 * Answers a client's handshake from what the last run answered it while the engine loads (see
 * early/), when every server will be listed from its cache; new answers are kept for the next start.
 */
function answerEarly(
  base: EngineBase,
  settings: { config: ManagedConfigStore; identity: Identity },
  listening: Listening,
  guard: HostOriginGuard,
  spawned: { listCache: ListCache },
  wait: HandshakeWait | undefined,
  stack: DisposalStack,
): EarlyStart {
  const early = startEarlyAnswers({
    version: base.version,
    dataDir: base.paths.dataDir,
    config: () => settings.config.current(),
    listCache: spawned.listCache,
    identity: settings.identity,
    allows: (req) => guard.allows(req),
    answerEarly: (answer) => listening.answerEarly(answer),
    logger: base.logger,
    ...(wait !== undefined ? { wait } : {}),
  });
  stack.defer('start-up answers', () => early.flush());
  return early;
}

/** Requests and engine events are activity; a few quiet seconds after them the heap is released. */
function releaseIdleMemory(base: EngineBase, options: EngineOptions, server: Server, stack: DisposalStack) {
  const idle = options.releaseIdleMemory ?? true;
  if (idle === false) {
    return;
  }
  const trimmer = stack.use(
    'idle memory release',
    createIdleMemoryTrimmer({ ...(idle === true ? {} : idle), clock: base.clock, logger: base.logger }),
    (t) => t.close(),
  );
  const onRequest = () => trimmer.activity();
  server.on('request', onRequest);
  const events = base.bus.on(() => trimmer.activity());
  stack.defer('activity listeners', () => {
    server.off('request', onRequest);
    events.dispose();
  });
  trimmer.activity();
}

/** `<dataDir>/gateway.json`, so the CLI can find this gateway; removed when it stops. */
async function publishRuntimeFile(
  base: EngineBase,
  listening: Listening,
  host: string,
  nonce: string,
  stack: DisposalStack,
): Promise<void> {
  const { port, url } = listening;
  const { configFile, dataDir } = base.paths;
  const { version, startedAt } = base;
  await writeRuntimeFile(dataDir, {
    url,
    host,
    port,
    pid: process.pid,
    version,
    startedAt,
    configFile,
    nonce,
  });
  stack.defer('runtime file', () => removeRuntimeFile(dataDir));
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const base = baseOf(options);
  const stack = new DisposalStack();
  try {
    return await start(base, options, stack);
  } catch (err) {
    // The start-up error is what the caller needs; a failure to release is logged beside it.
    await stack
      .dispose()
      .catch((e: unknown) =>
        base.logger.error('could not release everything after a failed start', { err: errorText(e) }),
      );
    throw err;
  }
}

/**
 * The start-up sequence, for a fast cold start: bind the port (a port in use fails before
 * anything is spawned), spawn the servers, and only then load the SDK, the parts and the HTTP
 * stack, so their loading overlaps the servers' own start-up.
 */
async function start(base: EngineBase, options: EngineOptions, stack: DisposalStack): Promise<Engine> {
  const early = collectEarlyEvents(base.bus, stack);
  const settings = await openSettings(base, options, stack);
  const { config, identity, host } = settings;
  const nonce = randomBytes(32).toString('base64url');
  const secrets = lazySecrets(config, base.paths.dataDir);
  const resolveSecret = options.resolveSecret ?? (async (name: string) => (await secrets()).get(name));
  const listening = await listen(host, settings.wantedPort, stack);
  const guiLaunch = options.guiLaunch ?? false;
  const spawned = await spawnEarly(base, config, guiLaunch, stack);
  const guard = hostOriginGuard(host, listening, config);
  const earlyAnswers = answerEarly(base, settings, listening, guard, spawned, options.handshakeWait, stack);
  // A client that connects now is answered from the kept answers, so loading waits for its handshake.
  await earlyAnswers.handshakes();
  const modules = await loadModules();
  const opened: Opened = {
    config,
    secrets,
    resolveSecret,
    ...spawned,
    url: listening.url,
    guiLaunch,
    openUrl: options.openUrl,
  };
  const parts = composeParts(base, opened, modules, stack);
  const pause = { on: false };
  const unwire = wireParts(base, config, parts, () => pause.on, stack);
  // Servers start in the background, in parallel; listening does not wait for them.
  void parts.supervisor
    .apply(config.current())
    .catch((err: unknown) => base.logger.error('could not start servers', { err: String(err) }))
    .finally(() => spawned.earlyChildren.dispose());
  // The starts above reach spawn() through promise callbacks only (unless a secret or the
  // login shell is awaited); let them run before compiling the HTTP stack blocks the thread.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const ctx = await mountHttp(
    {
      base,
      parts,
      config,
      identity,
      secrets,
      listening,
      host,
      nonce,
      early,
      guard,
      earlyAnswers,
      startedSettings: settings.startedSettings,
    },
    stack,
  );
  releaseIdleMemory(base, options, listening.server, stack);
  if (options.writeRuntimeFile !== false) {
    await publishRuntimeFile(base, listening, host, nonce, stack);
  }
  // Clients of the event stream learn that the gateway stops before anything else closes.
  stack.defer('stopping event', () => base.bus.emit({ type: 'gateway.stopping', at: base.clock.now() }));
  // Released first: a config edit or trust decision during a slow close must not start servers.
  stack.defer('config and trust listeners', unwire);
  return facade({ base, ctx, parts, config, listening, host, token: settings.token, modules, stack, pause });
}

interface FacadeInput {
  base: EngineBase;
  ctx: EngineContext;
  parts: Parts;
  config: ManagedConfigStore;
  listening: { url: string; port: number };
  host: string;
  token: string;
  modules: Modules;
  stack: DisposalStack;
  /** The tray's pause: every server stopped, the config unchanged. */
  pause: { on: boolean };
}

/** What the CLI and the desktop use of a running engine. */
function facade(input: FacadeInput): Engine {
  const { base, ctx, config, stack, pause } = input;
  const { supervisor, trust } = input.parts;
  const { url, port } = input.listening;
  // Reported once however often it is called; every call gets the same outcome.
  const close = once(() =>
    stack.dispose().catch((err: unknown) => {
      base.logger.error('the gateway did not stop cleanly', { err: errorText(err) });
      throw err;
    }),
  );
  const setPaused = async (on: boolean): Promise<void> => {
    if (pause.on === on) {
      return;
    }
    pause.on = on;
    base.bus.emit({ type: on ? 'gateway.paused' : 'gateway.resumed', at: base.clock.now() });
    await supervisor.apply(on ? pausedConfig(config.current()) : config.current());
  };
  return {
    url,
    mcpUrl: `${url}/mcp`,
    uiUrl: `${url}/ui/#token=${input.token}`,
    host: input.host,
    port,
    token: input.token,
    ctx,
    paths: base.paths,
    version: base.version,
    currentConfig: () => config.current(),
    configProblem: () => config.problem(),
    onEvent: (listener) => base.bus.on(listener),
    servers: () => supervisor.list(),
    toolsAwaitingReview() {
      const counts: Record<string, number> = {};
      for (const item of trust.review().items) {
        counts[item.server] = (counts[item.server] ?? 0) + 1;
      }
      return counts;
    },
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
      await input.modules.oauth.startSignInByName(ctx, name, { open: true });
    },
    isPaused: () => pause.on,
    pause: () => setPaused(true),
    resume: () => setPaused(false),
    close,
  };
}
