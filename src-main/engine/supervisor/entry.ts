import { type ServerConfig, transportOf } from '../../../src-shared/config.js';
import { runtimeIdentity } from '../../../src-shared/server-identity.js';
import type { ServerState } from '../../../src-shared/states.js';
import type { BackendConnection, Clock, ServerStatus, TimerHandle } from '../types.js';
import { createLogRing, type WritableLogRing } from './log-ring.js';
import { failuresInWindow } from './policy.js';

export interface Waiter {
  resolve(conn: BackendConnection): void;
  reject(err: unknown): void;
}

/**
 * One configured server as the supervisor keeps it. Which part owns which fields (another part
 * only resets them at a transition): the state machine `state`, `reason`, `since`; starting and
 * stopping `conn`, `startedAt`, `generation`, `abort`, `runs`, `canAllow`; restarts `restarts`,
 * `failureTimes`, `lastError`, `nextAttemptAt`, `attempt`, `probing`, `timer`; health pings
 * `pingFailures`, `pingTimer`, `pingsPaused`; sleep and wake `inFlight`, `lastActivity`,
 * `idleTimer`, `blockers`, `waiters`, `settling`; the footprint `footprintBytes`, `measureTimer`.
 */
export interface Entry {
  name: string;
  config: ServerConfig;
  identity: string;
  state: ServerState;
  reason: string;
  since: number;
  startedAt: number | undefined;
  restarts: number;
  failureTimes: number[];
  lastError: string | undefined;
  canAllow: readonly string[] | undefined;
  nextAttemptAt: number | undefined;
  conn: BackendConnection | undefined;
  /** Bumped by every user action and stop; a start or timer from an older generation gives up. */
  generation: number;
  attempt: number;
  probing: boolean;
  pingFailures: number;
  timer: TimerHandle | undefined;
  pingTimer: TimerHandle | undefined;
  abort: AbortController | undefined;
  /** Starts still in flight (an aborted one may still be stopping its child). */
  runs: Set<Promise<void>>;
  ring: WritableLogRing;
  /** Requests in flight on the shared connection, and when the last one ended. */
  inFlight: number;
  lastActivity: number | undefined;
  idleTimer: TimerHandle | undefined;
  measureTimer: TimerHandle | undefined;
  /** Reasons it must stay awake (open subscriptions), counted. */
  blockers: Map<string, number>;
  /** Requests waiting for this server to come up. */
  waiters: Set<Waiter>;
  /** Remote and idle: health pings are paused until the next request. */
  pingsPaused: boolean;
  footprintBytes: number | undefined;
  /** Stopping the connection it slept from (a wake waits for it before spawning again). */
  settling: Promise<void> | undefined;
}

export function newEntry(
  name: string,
  config: ServerConfig,
  opts: { clock: Clock; logLines: number; footprintBytes: number | undefined },
): Entry {
  const { clock } = opts;
  return {
    name,
    config,
    identity: runtimeIdentity(config),
    state: 'stopped',
    reason: 'not started yet',
    since: clock.now(),
    startedAt: undefined,
    restarts: 0,
    failureTimes: [],
    lastError: undefined,
    canAllow: undefined,
    nextAttemptAt: undefined,
    conn: undefined,
    generation: 0,
    attempt: 0,
    probing: false,
    pingFailures: 0,
    timer: undefined,
    pingTimer: undefined,
    abort: undefined,
    runs: new Set(),
    ring: createLogRing(name, opts.logLines, () => clock.now()),
    inFlight: 0,
    lastActivity: undefined,
    idleTimer: undefined,
    measureTimer: undefined,
    blockers: new Map(),
    waiters: new Set(),
    pingsPaused: false,
    footprintBytes: opts.footprintBytes,
    settling: undefined,
  };
}

/** A line of the gateway's own in the server's log. */
export function gatewayLine(e: Entry, line: string): void {
  e.ring.push('gateway', line);
}

/** Settle the requests waiting for this server: with its connection, or with why it is not coming. */
export function settleWaiters(e: Entry, outcome: BackendConnection | Error): void {
  const waiting = [...e.waiters];
  e.waiters.clear();
  for (const w of waiting) {
    if (outcome instanceof Error) {
      w.reject(outcome);
    } else {
      w.resolve(outcome);
    }
  }
}

/** Cancel every timer the server has (restart, ping, idle, measure); pings are no longer paused. */
export function clearTimers(e: Entry, clock: Clock): void {
  clock.clearTimeout(e.timer);
  clock.clearTimeout(e.pingTimer);
  clock.clearTimeout(e.idleTimer);
  clock.clearTimeout(e.measureTimer);
  e.timer = undefined;
  e.pingTimer = undefined;
  e.idleTimer = undefined;
  e.measureTimer = undefined;
  e.pingsPaused = false;
}

/** A local (stdio) server: one that sleeps when idle, where a remote one only stops being pinged. */
export function isLocal(e: Entry): boolean {
  return transportOf(e.config) === 'stdio';
}

/** What the API, the CLI and the dashboard see of a server. */
export function serverStatus(
  e: Entry,
  at: { now: number; circuitWindowMs: number; sleepAfterMs: number; sleepBlockers: string[] },
): ServerStatus {
  return {
    name: e.name,
    state: e.state,
    reason: e.reason,
    transport: e.conn?.transport ?? transportOf(e.config),
    since: e.since,
    startedAt: e.startedAt,
    restarts: e.restarts,
    failures: failuresInWindow(e.failureTimes, at.now, at.circuitWindowMs).length,
    lastError: e.lastError,
    canAllow: e.canAllow,
    pid: e.conn?.pid,
    era: e.conn?.era,
    protocolVersion: e.conn?.protocolVersion,
    serverInfo: e.conn?.serverInfo,
    protocolWarnings: e.conn?.protocolWarnings,
    nextAttemptAt: e.nextAttemptAt,
    sleepAfterMs: at.sleepAfterMs,
    idleSince: e.inFlight > 0 ? undefined : e.lastActivity,
    inFlight: e.inFlight,
    sleepBlockers: at.sleepBlockers,
    footprintBytes: e.footprintBytes,
  };
}
