import type { Clock, TimerHandle } from '../../src-main/engine/types.js';

export interface ManualClock extends Clock {
  /** Move time on, firing each timer due on the way at its own time, in order. */
  advance(ms: number): void;
  /** Delays of the timers waiting, from now, shortest first. */
  pending(): number[];
}

/** A clock whose timers fire only when the test advances it (time itself is never waited for). */
export function manualClock(start = 1_000_000): ManualClock {
  let now = start;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t as TimerHandle;
    },
    clearTimeout(h) {
      timers = timers.filter((t) => t !== h);
    },
    pending: () => timers.map((t) => t.at - now).sort((a, b) => a - b),
    advance(ms) {
      const until = now + ms;
      // Bounded: a timer that re-arms itself at zero delay cannot spin forever.
      for (let i = 0; i < 1_000; i += 1) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) {
          break;
        }
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    },
  };
}
