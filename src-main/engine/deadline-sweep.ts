import type { Clock, TimerHandle } from './types.js';

/**
 * Deadlines for many waits on one timer. A timer per wait costs a Timeout object, a timer-list
 * insert and a removal, and the gateway's hot path had two per tools/call (the call's time limit
 * and the delay before its answer turns into a stream) though almost every call ends long before
 * either. Here a wait is an entry in a set, and the one timer is armed for the earliest deadline:
 * waits of one length end in the order they began, so a sweep finds the next deadline at once
 * and the timer moves about once per wait length, whatever the traffic.
 *
 * The timer is unref'd: a wait does not keep the process alive on its own (what is waited on, a
 * socket or a child's pipe, does). Deadlines are read from a monotonic clock.
 */
export interface DeadlineSweep {
  /** Run `onExpire` once `ms` have passed, unless the returned function is called first. */
  after(ms: number, onExpire: () => void): () => void;
  /** Waits not yet expired or cancelled (tests, diagnostics). */
  readonly size: number;
}

/** setTimeout's largest delay; a longer one fires at once (with a warning), so it is waited in steps. */
const MAX_DELAY_MS = 2_147_483_647;

/** The system's timers on the monotonic clock (a wall-clock jump moves no deadline). */
const monotonicClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

interface Wait {
  readonly at: number;
  readonly fire: () => void;
}

export function createDeadlineSweep(clock: Clock = monotonicClock): DeadlineSweep {
  const waits = new Set<Wait>();
  let timer: TimerHandle | undefined;
  let armedFor = Infinity;

  const arm = (at: number) => {
    if (timer !== undefined) {
      if (armedFor <= at) {
        return;
      }
      clock.clearTimeout(timer);
    }
    armedFor = at;
    timer = clock.setTimeout(sweep, Math.min(MAX_DELAY_MS, Math.max(0, Math.ceil(at - clock.now()))));
    timer.unref?.();
  };

  const sweep = () => {
    timer = undefined;
    armedFor = Infinity;
    const now = clock.now();
    const due: Wait[] = [];
    let next = Infinity;
    for (const w of waits) {
      if (w.at <= now) {
        due.push(w);
      } else if (w.at < next) {
        next = w.at;
      }
    }
    for (const w of due) {
      waits.delete(w);
    }
    if (next !== Infinity) {
      arm(next);
    }
    for (const w of due) {
      try {
        w.fire();
      } catch (err) {
        // As a timer callback's: reported as uncaught, never stopping the other waits.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  };

  return {
    after(ms, onExpire) {
      const w: Wait = { at: clock.now() + ms, fire: onExpire };
      waits.add(w);
      arm(w.at);
      return () => void waits.delete(w);
    },
    get size() {
      return waits.size;
    },
  };
}
