import type { GatewayConfig, ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { measureProcessGroup } from '../backends/index.js';
import { systemClock } from '../events.js';
import type { Clock, EventBus, ServerStatus, SleepCache, SupervisorApi } from '../types.js';
import { type Activity, createActivity } from './activity.js';
import { type BackendOpener, type BackendOpenerOptions, createBackendOpener } from './backend-opener.js';
import { type ConnectionListeners, createConnectionListeners } from './connection-listeners.js';
import { type Control, createControl } from './control.js';
import { createDedicatedConnections, type DedicatedConnections } from './dedicated.js';
import { type Entry, newEntry as createEntry, serverStatus } from './entry.js';
import { createFootprint } from './footprint.js';
import { createHealthPings } from './health.js';
import { createIdleCountdown } from './idle.js';
import { reconcile, type ReconcileDeps } from './reconcile.js';
import { createRestarts } from './restarts.js';
import { settingsReader, type SupervisorSettings } from './settings.js';
import { createSleeping, type Sleeping } from './sleeping.js';
import { type StartDeps, startServer } from './starting.js';
import { createStopping, type Stopping } from './stopping.js';
import { createTransitions, type SetState } from './transitions.js';

export type { OpenBackendFn } from './backend-opener.js';

export interface SupervisorOptions extends BackendOpenerOptions {
  bus: EventBus;
  clock?: Clock;
  /** `gateway.supervisor` (partial is fine), or a getter read at each use so edits apply live. */
  settings?: Partial<SupervisorSettings> | (() => SupervisorSettings);
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
 * restarts with capped exponential backoff and jitter, a circuit breaker, sleep when idle and
 * wake on demand, and a bounded log ring per server. A user's stop or disable never triggers a
 * restart. This composes the parts; each lives in a file named for what it does.
 */
export function createSupervisor(options: SupervisorOptions): SupervisorApi {
  const clock = options.clock ?? systemClock;
  const log = options.logger.child({ component: 'supervisor' });
  const settings = settingsReader(options.settings);
  const entries = new Map<string, Entry>();
  const life = { closed: false };
  const isClosed = () => life.closed;
  const listeners = createConnectionListeners(log);
  const notify = listeners.notify;
  const setState = createTransitions({ clock, log, bus: options.bus });
  const opener = createBackendOpener(options, log, settings);
  const random = options.random ?? Math.random;
  const start = (e: Entry, reason: string) => startServer(startDeps, e, reason);
  const { failed } = createRestarts({ clock, settings, random, setState, start });
  const health = createHealthPings({ clock, settings, isClosed, setState, notify, failed });
  const measure = options.measure ?? measureProcessGroup;
  const footprint = createFootprint({ clock, measure, sleepCache: options.sleepCache });
  const sleeping = createSleeping({ clock, log, isClosed, setState, notify, footprint });
  const idle = createIdleCountdown({ clock, isClosed, health, sleep: sleeping.sleepEntry });
  const startDeps: StartDeps = {
    clock,
    log,
    settings,
    isClosed,
    setState,
    notify,
    opener,
    failed,
    health,
    idle,
    footprint,
  };
  const stopping = createStopping({ clock, log, setState, notify, start });
  const newEntry = (name: string, config: ServerConfig) =>
    createEntry(name, config, {
      clock,
      logLines: settings().logLines,
      footprintBytes: options.sleepCache?.footprint(name, config),
    });
  const reconcileDeps: ReconcileDeps = {
    entries,
    newEntry,
    setState,
    start,
    stopping,
    idle,
    sleepCache: options.sleepCache,
  };
  return surface({
    entries,
    life,
    listeners,
    opener,
    setState,
    stopping,
    sleeping,
    activity: createActivity({ clock, isClosed, health, idle, start }),
    control: createControl({ isClosed, setState, start, stopping }),
    dedicated: createDedicatedConnections({ opener, isClosed }),
    reconcile: (config) => reconcile(reconcileDeps, config),
    status: (e) =>
      serverStatus(e, {
        now: clock.now(),
        circuitWindowMs: settings().circuitWindowMs,
        sleepAfterMs: idle.sleepAfterOf(e),
        sleepBlockers: idle.blockersOf(e),
      }),
    blockersOf: idle.blockersOf,
  });
}

/** The composed parts, as the supervisor's surface uses them. */
interface Parts {
  entries: Map<string, Entry>;
  life: { closed: boolean };
  listeners: ConnectionListeners;
  opener: BackendOpener;
  setState: SetState;
  stopping: Stopping;
  sleeping: Sleeping;
  activity: Activity;
  control: Control;
  dedicated: DedicatedConnections;
  reconcile(config: GatewayConfig): Promise<void>;
  status(e: Entry): ServerStatus;
  blockersOf(e: Entry): string[];
}

/** The `SupervisorApi`: servers by name, each call handed to the part that owns it. */
function surface(p: Parts): SupervisorApi {
  const { entries } = p;
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
  return {
    list: () => [...entries.values()].map(p.status),
    get: (name) => {
      const e = entries.get(name);
      return e === undefined ? undefined : p.status(e);
    },
    connection: (name) => entries.get(name)?.conn,
    openDedicated: async (name, sessionId) => p.dedicated.open(mustGet(name), sessionId),
    apply: async (config) => (p.life.closed ? undefined : p.reconcile(config)),
    restart: async (name, reason = 'restart requested') => p.control.restart(mustGet(name), reason),
    resetCircuit: async (name) => p.control.resetCircuit(mustGet(name)),
    wake: async (name, reason = 'woken by a request') => p.activity.wake(mustGet(name), reason),
    hold(name) {
      const e = entries.get(name);
      return e === undefined ? () => undefined : p.activity.hold(e);
    },
    preventSleep(name, why) {
      const e = entries.get(name);
      return e === undefined ? { dispose: () => undefined } : p.activity.preventSleep(e, why);
    },
    async sleep(name, reason = 'put to sleep by the user') {
      const e = mustGet(name);
      await p.sleeping.sleep(e, reason, p.blockersOf(e));
    },
    async signInRequired(name, reason) {
      const e = entries.get(name);
      if (e !== undefined) {
        await p.control.signInRequired(e, reason);
      }
    },
    logs: (name) => entries.get(name)?.ring,
    onConnection: (listener) => p.listeners.add(listener),
    close: () => closeAll(p),
  };
}

/** Stop everything (no restarts), leaving no processes behind. */
async function closeAll(p: Parts): Promise<void> {
  if (p.life.closed) {
    return;
  }
  p.life.closed = true;
  await Promise.allSettled([
    ...[...p.entries.values()].map(async (e) => {
      await p.stopping.halt(e);
      if (e.state !== 'stopped' && e.state !== 'disabled') {
        p.setState(e, 'stopped', 'gateway stopping');
      }
    }),
    ...p.dedicated.closeAll(),
  ]);
  await p.opener.close();
}
