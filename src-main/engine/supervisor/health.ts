import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, Clock } from '../types.js';
import { clearTimers, type Entry, gatewayLine } from './entry.js';
import type { Restarts } from './restarts.js';
import type { SupervisorSettings } from './settings.js';
import type { SetState } from './transitions.js';

export interface HealthDeps {
  clock: Clock;
  settings: () => SupervisorSettings;
  isClosed: () => boolean;
  setState: SetState;
  notify: (name: string, conn: BackendConnection | undefined) => void;
  failed: Restarts['failed'];
}

export interface HealthPings {
  /** Ping the server of generation `gen` after the interval (not while its pings are paused). */
  schedule(e: Entry, gen: number): void;
  /** Idle and remote: stop pinging until the next request. */
  pause(e: Entry, reason: string): void;
  /** A request came: ping again if they were paused. */
  resume(e: Entry): void;
}

/**
 * Health pings: `pingFailures` failed pings in a row make a running server `degraded`, as many
 * again drop its connection and restart (or reconnect) it; one answer makes it `running` again.
 */
export function createHealthPings(deps: HealthDeps): HealthPings {
  const { clock } = deps;
  const schedule = (e: Entry, gen: number) => {
    if (e.pingsPaused) {
      return;
    }
    e.pingTimer = clock.setTimeout(() => void ping(e, gen), deps.settings().pingIntervalMs);
  };

  const ping = async (e: Entry, gen: number) => {
    const conn = e.conn;
    if (gen !== e.generation || conn === undefined || deps.isClosed()) {
      return;
    }
    const s = deps.settings();
    const error = await probe(conn, s.pingTimeoutMs);
    if (gen !== e.generation || e.conn !== conn || deps.isClosed()) {
      return;
    }
    if (error === undefined) {
      if (e.state === 'degraded') {
        const n = e.pingFailures;
        deps.setState(e, 'running', `ping answered again after ${n} failure${n === 1 ? '' : 's'}`);
      }
      e.pingFailures = 0;
      schedule(e, gen);
      return;
    }
    e.pingFailures += 1;
    const what = `ping ${error === 'timed out' ? 'timed out' : `failed (${error})`} ${e.pingFailures}×`;
    gatewayLine(e, what);
    if (e.pingFailures >= 2 * s.pingFailures) {
      await giveUp(deps, e, conn, what);
      return;
    }
    if (e.pingFailures >= s.pingFailures && e.state === 'running') {
      deps.setState(e, 'degraded', what);
    }
    schedule(e, gen);
  };

  return {
    schedule,
    pause(e, reason) {
      if (!e.pingsPaused) {
        e.pingsPaused = true;
        clock.clearTimeout(e.pingTimer);
        e.pingTimer = undefined;
        deps.setState(e, e.state, reason);
        gatewayLine(e, 'idle: health pings paused');
      }
    },
    resume(e) {
      if (e.pingsPaused) {
        e.pingsPaused = false;
        if (e.conn !== undefined) {
          deps.setState(e, e.state, 'active again; health pings resumed');
          schedule(e, e.generation);
        }
      }
    },
  };
}

/**
 * One health check, undefined when it answered. Legacy-era backends get `ping`; 2026-07-28
 * (modern) backends have no ping, so they get `server/discover` with the same timeout — equally
 * cheap and answered by every modern server.
 */
async function probe(conn: BackendConnection, timeoutMs: number): Promise<string | undefined> {
  try {
    if (conn.era === 'modern') {
      await conn.client.discover({ timeout: timeoutMs });
    } else {
      await conn.client.ping({ timeout: timeoutMs });
    }
    return undefined;
  } catch (err) {
    return /timed? ?out/i.test(errorText(err)) ? 'timed out' : errorText(err);
  }
}

/** Too many failed pings: drop the connection and count it as a failure (a restart follows). */
async function giveUp(deps: HealthDeps, e: Entry, conn: BackendConnection, what: string): Promise<void> {
  const action = conn.transport === 'stdio' ? 'restarting' : 'reconnecting';
  gatewayLine(e, `${what}; ${action}`);
  const upSince = e.startedAt;
  e.generation += 1;
  clearTimers(e, deps.clock);
  e.conn = undefined;
  e.startedAt = undefined;
  deps.notify(e.name, undefined);
  e.restarts += 1;
  deps.failed(e, what, false, upSince);
  await conn.close().catch(() => undefined);
}
