import {
  type GatewayConfig,
  mayStartAsleep,
  type ServerConfig,
  transportOf,
} from '../../../src-shared/config.js';
import { GatewayError, isGatewayError } from '../../../src-shared/errors.js';
import { redactText, secretValues } from '../../../src-shared/redact.js';
import { runtimeIdentity } from '../../../src-shared/server-identity.js';
import { canTransition } from '../../../src-shared/states.js';
import { errorText } from '../../../src-shared/values.js';
import {
  createFileEraCache,
  createLoginShellPathResolver,
  createMemoryEraCache,
  type EraCache,
  loadOpenBackend,
  measureProcessGroup,
  type OpenBackendOptions,
  type ProcessWatchdog,
  RefusedByPolicyError,
  startProcessWatchdog,
} from '../backends/index.js';
import { systemClock } from '../events.js';
import type {
  BackendConnection,
  BackendHooks,
  Clock,
  EventBus,
  Logger,
  ServerStatus,
  SleepCache,
  SupervisorApi,
} from '../types.js';
import { createActivity } from './activity.js';
import { createConnectionListeners } from './connection-listeners.js';
import {
  clearTimers as clearTimersOf,
  type Entry,
  gatewayLine,
  newEntry as createEntry,
  settleWaiters,
} from './entry.js';
import { createFootprint } from './footprint.js';
import { createHealthPings } from './health.js';
import { createIdleCountdown } from './idle.js';
import { failuresInWindow, formatDelay, needsAttention } from './policy.js';
import { createRestarts } from './restarts.js';
import { settingsReader, type SupervisorSettings } from './settings.js';
import { createSleeping } from './sleeping.js';
import { createTransitions } from './transitions.js';

export type OpenBackendFn = (
  name: string,
  config: ServerConfig,
  options: OpenBackendOptions,
) => Promise<BackendConnection>;

export interface SupervisorOptions {
  logger: Logger;
  bus: EventBus;
  hooks: BackendHooks;
  clock?: Clock;
  /** The gateway's environment; children inherit its allow-listed part. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where the era cache file lives. Without it (and without `eraCache`) verdicts stay in memory. */
  dataDir?: string;
  /** `gateway.supervisor` (partial is fine), or a getter read at each use so edits apply live. */
  settings?: Partial<SupervisorSettings> | (() => SupervisorSettings);
  /** Expands `${VAR}` / `${secret:NAME}` in a server entry just before it starts. Default: identity. */
  expand?: (name: string, server: ServerConfig) => ServerConfig | Promise<ServerConfig>;
  /** Injectable for tests. */
  openBackend?: OpenBackendFn;
  eraCache?: EraCache;
  /** Started from a GUI: resolve PATH from the user's login shell for stdio children. */
  guiLaunch?: boolean;
  /** Start the orphan watchdog (default true). */
  watchdog?: boolean;
  /** Jitter source (tests pass a constant). */
  random?: () => number;
  /**
   * The list cache: a local server whose lists are cached starts `sleeping` instead of running
   * (unless `keepAwake`/`startAtLaunch`), and its measured footprint is kept there.
   */
  sleepCache?: SleepCache;
  /** Measures a stdio server's process tree (bytes). Default: PSS from /proc (ps on macOS). */
  measure?: (pid: number) => Promise<number | undefined>;
}

/**
 * Keeps every configured server running: an explicit state machine per server (states and
 * transitions from src-shared), parallel starts with a per-server timeout, health pings,
 * restarts with capped exponential backoff and jitter, a circuit breaker, and a bounded log
 * ring per server. A user's stop or disable never triggers a restart.
 */
export function createSupervisor(options: SupervisorOptions): SupervisorApi {
  const clock = options.clock ?? systemClock;
  const log = options.logger.child({ component: 'supervisor' });
  const open: OpenBackendFn =
    options.openBackend ??
    (async (name, server, opts) => (await loadOpenBackend()).openBackend(name, server, opts));
  const expand = options.expand ?? ((_n: string, s: ServerConfig) => s);
  const random = options.random ?? Math.random;
  const settings = settingsReader(options.settings);
  const eraCache =
    options.eraCache ??
    (options.dataDir !== undefined
      ? createFileEraCache(options.dataDir, { logger: log })
      : createMemoryEraCache());
  const watchdog: ProcessWatchdog | undefined =
    options.watchdog === false ? undefined : startProcessWatchdog();
  const loginShellPath = options.guiLaunch ? createLoginShellPathResolver({ env: options.env }) : undefined;

  const entries = new Map<string, Entry>();
  const listeners = createConnectionListeners(log);
  const notify = listeners.notify;
  const clearTimers = (e: Entry) => clearTimersOf(e, clock);
  const dedicated = new Set<BackendConnection>();
  let closed = false;

  // ------------------------------------------------------------ helpers

  const setState = createTransitions({ clock, log, bus: options.bus });
  const { failed } = createRestarts({ clock, settings, random, setState, start: (e, r) => start(e, r) });
  const isClosed = () => closed;
  const health = createHealthPings({ clock, settings, isClosed, setState, notify, failed });

  const wakeFailed = (e: Entry, why: string) =>
    new GatewayError(
      'SERVER_WAKE_FAILED',
      `Server "${e.name}" was started for this request and failed: ${why}. See its log (\`mcp-gateway logs ${e.name}\`); the gateway retries on its own.`,
    );

  const footprint = createFootprint({
    clock,
    measure: options.measure ?? measureProcessGroup,
    sleepCache: options.sleepCache,
  });
  const sleeping = createSleeping({ clock, log, isClosed, setState, notify, footprint });
  const idle = createIdleCountdown({ clock, isClosed, health, sleep: sleeping.sleepEntry });
  const { sleepAfterOf, blockersOf } = idle;
  const activity = createActivity({ clock, isClosed, health, idle, start: (e, r) => start(e, r) });

  const describeError = (err: unknown) => errorText(err);

  /** Drop the shared connection (if any) and stop it through the ladder. */
  const dropConnection = async (e: Entry) => {
    const conn = e.conn;
    if (conn === undefined) {
      return;
    }
    e.conn = undefined;
    e.startedAt = undefined;
    notify(e.name, undefined);
    await conn.close().catch((err: unknown) => log.warn('stop failed', { server: e.name, err: String(err) }));
  };

  /** Cancel timers and any in-flight start, stop the connection; no restart follows. */
  const halt = async (e: Entry, why = 'it was stopped') => {
    settleWaiters(
      e,
      new GatewayError('SERVER_NOT_RUNNING', `Server "${e.name}" did not come up for this request: ${why}.`),
    );
    e.generation += 1;
    clearTimers(e);
    e.abort?.abort();
    await dropConnection(e);
    await Promise.allSettled([...e.runs]);
    // A start that finished while we waited has seen the new generation and closed its connection.
    await dropConnection(e);
  };

  const openOptions = (
    e: Entry,
    signal: AbortSignal | undefined,
    dedicatedFor?: string,
  ): OpenBackendOptions => {
    const s = settings();
    const prefix = dedicatedFor === undefined ? '' : `[session ${dedicatedFor.slice(0, 8)}] `;
    return {
      hooks: options.hooks,
      logger: options.logger,
      settings: { startTimeoutMs: s.startTimeoutMs, stopGraceMs: s.stopGraceMs },
      env: options.env ?? process.env,
      eraCache,
      logSink: (stream, line) => e.ring.push(stream, prefix + line),
      ...(signal ? { signal } : {}),
      ...(watchdog ? { watchdog } : {}),
      ...(loginShellPath ? { loginShellPath } : {}),
      ...(dedicatedFor !== undefined ? { dedicatedFor } : {}),
    };
  };

  // ------------------------------------------------------------ lifecycle

  const start = (e: Entry, reason: string): Promise<void> => {
    if (closed) {
      return Promise.resolve();
    }
    e.generation += 1;
    const gen = e.generation;
    clearTimers(e);
    // A start still in flight is superseded: let it give up now rather than at its timeout.
    e.abort?.abort();
    setState(e, 'starting', reason);
    const abort = new AbortController();
    e.abort = abort;
    const s = settings();
    // A backstop: openBackend bounds the handshake itself, this also bounds PATH lookup and expansion.
    const startTimer = clock.setTimeout(() => abort.abort(), s.startTimeoutMs + s.stopGraceMs * 3 + 1_000);
    const run = (async () => {
      let conn: BackendConnection;
      let expanded: ServerConfig | undefined;
      try {
        // Waking right after falling asleep: let the old process leave first.
        await e.settling;
        expanded = await expand(e.name, e.config);
        conn = await open(e.name, expanded, openOptions(e, abort.signal));
      } catch (err) {
        clock.clearTimeout(startTimer);
        if (gen !== e.generation || closed) {
          return;
        }
        const timedOut = abort.signal.aborted;
        // The message becomes the last error, a state reason, an event, a notification and log
        // lines: whatever the expansion put in place of secret references stays out of it.
        const message = timedOut
          ? `did not start within ${formatDelay(s.startTimeoutMs)}`
          : redactText(describeError(err), secretValues(expanded ?? e.config, e.config));
        if (!timedOut && isGatewayError(err) && err.code === 'APPROVAL_REQUIRED') {
          // Not a failure either: nothing starts, nothing retries, until the user approves it.
          gatewayLine(e, message);
          e.lastError = undefined;
          setState(e, 'needs-approval', message);
          settleWaiters(e, new GatewayError('APPROVAL_REQUIRED', message));
          return;
        }
        if (!timedOut && isGatewayError(err) && err.code === 'SIGN_IN_REQUIRED') {
          // Not a failure (and not a last error that outlives the sign-in): nothing restarts
          // until the user signs in; the state's reason says why.
          gatewayLine(e, message);
          setState(e, 'needs-sign-in', message);
          settleWaiters(e, new GatewayError('SIGN_IN_REQUIRED', message));
          return;
        }
        e.canAllow = err instanceof RefusedByPolicyError ? err.allow : undefined;
        log.warn('server failed to start', { server: e.name, err: message });
        gatewayLine(e, `start failed: ${message}`);
        settleWaiters(e, wakeFailed(e, message));
        failed(e, message, isGatewayError(err) && needsAttention(err.code));
        return;
      } finally {
        if (e.abort === abort) {
          e.abort = undefined;
        }
      }
      clock.clearTimeout(startTimer);
      if (gen !== e.generation || closed) {
        await conn.close().catch(() => undefined);
        return;
      }
      e.conn = conn;
      e.canAllow = undefined;
      e.startedAt = clock.now();
      e.pingFailures = 0;
      e.probing = false;
      const how = `${conn.transport}, ${conn.era} ${conn.protocolVersion ?? ''}`.trim();
      setState(e, 'running', `connected (${how}${conn.pid !== undefined ? `, pid ${conn.pid}` : ''})`);
      notify(e.name, conn);
      settleWaiters(e, conn);
      health.schedule(e, gen);
      e.lastActivity = clock.now();
      idle.arm(e);
      footprint.measureLater(e, conn, gen);
      void conn.closed.then(({ reason: why }) => {
        if (gen !== e.generation || closed || e.conn !== conn) {
          return;
        }
        const upSince = e.startedAt;
        e.conn = undefined;
        e.startedAt = undefined;
        clearTimers(e);
        notify(e.name, undefined);
        gatewayLine(e, `connection lost: ${why}`);
        e.restarts += 1;
        failed(e, why, false, upSince);
      });
    })();
    e.runs.add(run);
    return run.finally(() => e.runs.delete(run));
  };

  const stopEntry = async (e: Entry, to: 'stopped' | 'disabled', reason: string) => {
    const wasActive = e.state !== 'stopped' && e.state !== 'disabled';
    if (wasActive) {
      gatewayLine(e, `stopping (${reason})`);
    }
    await halt(e, reason);
    if (e.state !== to) {
      if (!canTransition(e.state, to)) {
        setState(e, 'stopped', reason);
      }
      setState(e, to, reason);
    }
  };

  const newEntry = (name: string, config: ServerConfig): Entry =>
    createEntry(name, config, {
      clock,
      logLines: settings().logLines,
      footprintBytes: options.sleepCache?.footprint(name, config),
    });

  const status = (e: Entry): ServerStatus => {
    const s = settings();
    return {
      name: e.name,
      state: e.state,
      reason: e.reason,
      transport: e.conn?.transport ?? transportOf(e.config),
      since: e.since,
      startedAt: e.startedAt,
      restarts: e.restarts,
      failures: failuresInWindow(e.failureTimes, clock.now(), s.circuitWindowMs).length,
      lastError: e.lastError,
      canAllow: e.canAllow,
      pid: e.conn?.pid,
      era: e.conn?.era,
      protocolVersion: e.conn?.protocolVersion,
      serverInfo: e.conn?.serverInfo,
      protocolWarnings: e.conn?.protocolWarnings,
      nextAttemptAt: e.nextAttemptAt,
      sleepAfterMs: sleepAfterOf(e),
      idleSince: e.inFlight > 0 ? undefined : e.lastActivity,
      inFlight: e.inFlight,
      sleepBlockers: blockersOf(e),
      footprintBytes: e.footprintBytes,
    };
  };

  const mustGet = (name: string): Entry => {
    const e = entries.get(name);
    if (e === undefined) {
      throw new GatewayError(
        'SERVER_NOT_FOUND',
        `no server named '${name}' — see the list of servers (GET /api/v1/servers)`,
      );
    }
    return e;
  };

  /** Restart a server now, from whatever state it is in (not disabled). */
  const restartNow = async (e: Entry, reason: string) => {
    await halt(e, reason);
    e.probing = false;
    if (e.state === 'degraded') {
      setState(e, 'restarting', reason);
    }
    gatewayLine(e, `restarting (${reason})`);
    await start(e, reason);
  };

  // ------------------------------------------------------------ API

  return {
    list: () => [...entries.values()].map(status),
    get: (name) => {
      const e = entries.get(name);
      return e === undefined ? undefined : status(e);
    },
    connection: (name) => entries.get(name)?.conn,

    async openDedicated(name, sessionId) {
      const e = mustGet(name);
      if (e.state === 'disabled') {
        throw new GatewayError('SERVER_DISABLED', `server '${name}' is disabled — enable it first`);
      }
      if (closed) {
        throw new GatewayError('UNAVAILABLE', 'the gateway is stopping');
      }
      const expanded = await expand(name, e.config);
      const conn = await open(name, expanded, openOptions(e, undefined, sessionId)).catch((err: unknown) => {
        const message = redactText(describeError(err), secretValues(expanded, e.config));
        throw isGatewayError(err) && message !== err.message
          ? new GatewayError(err.code, message, { field: err.field })
          : err;
      });
      if (closed) {
        await conn.close();
        throw new GatewayError('UNAVAILABLE', 'the gateway is stopping');
      }
      dedicated.add(conn);
      void conn.closed.then(() => dedicated.delete(conn));
      return conn;
    },

    async apply(config: GatewayConfig) {
      if (closed) {
        return;
      }
      idle.setGatewaySleepAfter(config.gateway.sleepAfterMs);
      const asleepAtLaunch = (name: string, server: ServerConfig) =>
        mayStartAsleep(server, config.gateway) && options.sleepCache?.has(name, server) === true;
      const work: Array<Promise<void>> = [];
      for (const [name, e] of entries) {
        if (!(name in config.mcpServers)) {
          entries.delete(name);
          work.push(stopEntry(e, 'stopped', 'removed from the config'));
        }
      }
      for (const [name, server] of Object.entries(config.mcpServers)) {
        const e = entries.get(name);
        if (e === undefined) {
          const created = newEntry(name, server);
          entries.set(name, created);
          if (server.disabled) {
            work.push(stopEntry(created, 'disabled', 'disabled in the config'));
          } else if (asleepAtLaunch(name, server)) {
            setState(created, 'sleeping', 'listed from its cache; starts on first use');
          } else {
            work.push(start(created, 'added'));
          }
          continue;
        }
        const identity = runtimeIdentity(server);
        const changed = identity !== e.identity;
        e.config = server;
        e.identity = identity;
        if (server.disabled) {
          if (e.state !== 'disabled') {
            work.push(stopEntry(e, 'disabled', 'user disabled'));
          }
        } else if (e.state === 'disabled') {
          if (asleepAtLaunch(name, server)) {
            setState(e, 'sleeping', 'enabled; listed from its cache, starts on first use');
          } else {
            work.push(start(e, 'user enabled'));
          }
        } else if (changed) {
          e.failureTimes = [];
          e.attempt = 0;
          work.push(restartNow(e, 'config changed'));
        } else if (e.state === 'stopped') {
          work.push(start(e, 'started'));
        } else if (e.state === 'sleeping' && sleepAfterOf(e) === 0) {
          work.push(start(e, server.keepAwake === true ? 'keepAwake set' : 'sleep switched off'));
        } else {
          // sleepAfterMs may have changed: re-arm the countdown with the new value.
          idle.arm(e);
        }
      }
      await Promise.allSettled(work);
    },

    async restart(name, reason = 'restart requested') {
      const e = mustGet(name);
      if (e.state === 'disabled') {
        throw new GatewayError(
          'SERVER_DISABLED',
          `server '${name}' is disabled — enable it before restarting it`,
        );
      }
      e.attempt = 0;
      await restartNow(e, reason);
    },

    async resetCircuit(name) {
      const e = mustGet(name);
      if (e.state === 'disabled') {
        throw new GatewayError('SERVER_DISABLED', `server '${name}' is disabled — enable it first`);
      }
      e.failureTimes = [];
      e.attempt = 0;
      if (e.state === 'error' || e.state === 'restarting' || e.state === 'stopped') {
        gatewayLine(e, 'circuit reset by the user');
        await halt(e);
        await start(e, 'circuit reset');
      }
    },

    async wake(name, reason = 'woken by a request') {
      return activity.wake(mustGet(name), reason);
    },

    hold(name) {
      const e = entries.get(name);
      return e === undefined ? () => undefined : activity.hold(e);
    },

    preventSleep(name, why) {
      const e = entries.get(name);
      return e === undefined ? { dispose: () => undefined } : activity.preventSleep(e, why);
    },

    async sleep(name, reason = 'put to sleep by the user') {
      const e = mustGet(name);
      await sleeping.sleep(e, reason, blockersOf(e));
    },

    async signInRequired(name, reason) {
      const e = entries.get(name);
      if (e === undefined || !canTransition(e.state, 'needs-sign-in') || closed) {
        return;
      }
      gatewayLine(e, `sign-in needed: ${reason}`);
      settleWaiters(
        e,
        new GatewayError('SIGN_IN_REQUIRED', `server '${name}' needs you to sign in again: ${reason}`),
      );
      await halt(e);
      if (canTransition(e.state, 'needs-sign-in')) {
        setState(e, 'needs-sign-in', reason);
      }
    },

    logs: (name) => entries.get(name)?.ring,

    onConnection: (listener) => listeners.add(listener),

    async close() {
      if (closed) {
        return;
      }
      closed = true;
      await Promise.allSettled([
        ...[...entries.values()].map(async (e) => {
          await halt(e);
          if (e.state !== 'stopped' && e.state !== 'disabled') {
            setState(e, 'stopped', 'gateway stopping');
          }
        }),
        ...[...dedicated].map((c) => c.close()),
      ]);
      await eraCache.flush?.();
      await watchdog?.stop();
    },
  };
}
