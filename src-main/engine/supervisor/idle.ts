import { DEFAULT_SLEEP_AFTER_MS, sleepAfterMsOf } from '../../../src-shared/config.js';
import type { Clock } from '../types.js';
import { type Entry, isLocal } from './entry.js';
import type { HealthPings } from './health.js';
import { formatDelay } from './policy.js';

export interface IdleCountdown {
  /** Arm (or re-arm) the countdown: running servers with sleep on and nothing in flight. */
  arm(e: Entry): void;
  /** The server's `sleepAfterMs` (0: never), its own or the gateway's. */
  sleepAfterOf(e: Entry): number;
  /** Why an idle server stays awake; empty when it may sleep. */
  blockersOf(e: Entry): string[];
  /** `gateway.sleepAfterMs`, for servers without their own. */
  setGatewaySleepAfter(ms: number): void;
}

/**
 * The idle countdown: after `sleepAfterMs` without a request, a local server is put to sleep
 * and a remote one (which costs nothing here while idle) only stops being pinged.
 */
export function createIdleCountdown(deps: {
  clock: Clock;
  isClosed: () => boolean;
  health: Pick<HealthPings, 'pause'>;
  /** Stop a local server and let it sleep. */
  sleep: (e: Entry, reason: string) => Promise<void>;
}): IdleCountdown {
  const { clock } = deps;
  const gateway = { sleepAfterMs: DEFAULT_SLEEP_AFTER_MS };
  const sleepAfterOf = (e: Entry) => sleepAfterMsOf(e.config, gateway);
  const blockersOf = (e: Entry): string[] => {
    const out: string[] = [];
    if (e.config.keepAwake === true) {
      out.push('keepAwake is set');
    } else if (sleepAfterOf(e) === 0) {
      out.push('sleepAfterMs is 0 (never)');
    }
    for (const [why, n] of e.blockers) {
      out.push(n > 1 ? `${why} (${n})` : why);
    }
    return out;
  };
  const mayIdle = (e: Entry) =>
    sleepAfterOf(e) !== 0 && e.inFlight === 0 && e.conn !== undefined && !deps.isClosed();

  const arm = (e: Entry) => {
    clock.clearTimeout(e.idleTimer);
    e.idleTimer = undefined;
    if (!mayIdle(e) || (e.state !== 'running' && e.state !== 'degraded')) {
      return;
    }
    const gen = e.generation;
    const due = (e.lastActivity ?? clock.now()) + sleepAfterOf(e);
    e.idleTimer = clock.setTimeout(
      () => {
        e.idleTimer = undefined;
        if (gen === e.generation) {
          void idle(e);
        }
      },
      Math.max(0, due - clock.now()),
    );
    e.idleTimer.unref?.();
  };

  const idle = async (e: Entry) => {
    const after = sleepAfterOf(e);
    if (!mayIdle(e)) {
      return;
    }
    if (clock.now() - (e.lastActivity ?? 0) < after) {
      arm(e);
      return;
    }
    if (blockersOf(e).length > 0) {
      return; // whatever blocks it re-arms the countdown when it goes away
    }
    if (!isLocal(e)) {
      deps.health.pause(e, `idle for ${formatDelay(after)}; health pings paused until the next request`);
      return;
    }
    await deps.sleep(e, `idle for ${formatDelay(after)}`);
  };

  return {
    arm,
    sleepAfterOf,
    blockersOf,
    setGatewaySleepAfter: (ms) => void (gateway.sleepAfterMs = ms),
  };
}
