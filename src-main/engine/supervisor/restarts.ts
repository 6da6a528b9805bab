import type { Clock } from '../types.js';
import { type Entry, gatewayLine } from './entry.js';
import { backoffDelay, failuresInWindow, formatDelay } from './policy.js';
import type { SupervisorSettings } from './settings.js';
import type { SetState } from './transitions.js';

export interface RestartDeps {
  clock: Clock;
  settings: () => SupervisorSettings;
  /** Jitter source for the backoff. */
  random: () => number;
  setState: SetState;
  /** Starts the server again when its restart (or the cool-down probe) is due. */
  start: (e: Entry, reason: string) => Promise<void>;
}

export interface Restarts {
  /**
   * Count a failure, then schedule a restart with capped exponential backoff, or open the
   * circuit: at once for an error a restart cannot fix (`attention`), for a failed cool-down
   * probe, or after too many failures in the window. `upSince` is when the run that ended began.
   */
  failed(e: Entry, reason: string, attention: boolean, upSince?: number): void;
}

/** Restarts with pm2's semantics: backoff, a stable uptime that resets it, a circuit breaker. */
export function createRestarts(deps: RestartDeps): Restarts {
  return {
    failed(e, reason, attention, upSince) {
      const s = deps.settings();
      const now = deps.clock.now();
      e.lastError = reason;
      // A run that lasted the stable uptime resets the backoff (pm2's min_uptime).
      if (upSince !== undefined && now - upSince >= s.stableUptimeMs) {
        e.attempt = 0;
      }
      e.failureTimes = failuresInWindow([...e.failureTimes, now], now, s.circuitWindowMs);
      if (attention || e.probing || e.failureTimes.length >= s.circuitMaxFailures) {
        openCircuit(deps, s, e, reason, attention, now);
      } else {
        scheduleRestart(deps, s, e, reason, now);
      }
    },
  };
}

/** `error` until the cool-down has passed, then one probe start (a reset or config change is sooner). */
function openCircuit(
  deps: RestartDeps,
  s: SupervisorSettings,
  e: Entry,
  reason: string,
  attention: boolean,
  now: number,
): void {
  const gen = e.generation;
  e.probing = false;
  const why = attention
    ? reason
    : `circuit open after ${e.failureTimes.length} failures in ${formatDelay(s.circuitWindowMs)} — last: ${reason}`;
  deps.setState(e, 'error', why);
  e.nextAttemptAt = now + s.circuitCooldownMs;
  gatewayLine(e, `${why}; will try once more in ${formatDelay(s.circuitCooldownMs)} (or reset it)`);
  e.timer = deps.clock.setTimeout(() => {
    if (gen === e.generation && e.state === 'error') {
      e.probing = true;
      void deps.start(e, 'cool-down probe after the circuit was open');
    }
  }, s.circuitCooldownMs);
}

function scheduleRestart(
  deps: RestartDeps,
  s: SupervisorSettings,
  e: Entry,
  reason: string,
  now: number,
): void {
  const gen = e.generation;
  const delay = backoffDelay(e.attempt, s, deps.random);
  e.attempt += 1;
  deps.setState(e, 'restarting', `${reason}; restarting in ${formatDelay(delay)} (attempt ${e.attempt})`);
  e.nextAttemptAt = now + delay;
  gatewayLine(e, `restart scheduled in ${formatDelay(delay)} (attempt ${e.attempt})`);
  e.timer = deps.clock.setTimeout(() => {
    if (gen === e.generation && e.state === 'restarting') {
      void deps.start(e, `restart attempt ${e.attempt} after: ${reason}`);
    }
  }, delay);
}
