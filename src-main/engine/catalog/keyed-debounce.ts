import type { Clock, TimerHandle } from '../types.js';

/**
 * Runs a task once per key after a quiet delay: while one is pending, scheduling the same key
 * again is ignored (a burst of `list_changed` for one server and kind is one refetch).
 */
export interface KeyedDebounce {
  schedule(key: string, run: () => void): void;
  /** Drop every pending task; later schedules are ignored. */
  close(): void;
}

export function createKeyedDebounce(clock: Clock, delayMs: number): KeyedDebounce {
  const timers = new Map<string, TimerHandle>();
  let closed = false;
  return {
    schedule(key, run) {
      if (timers.has(key) || closed) {
        return;
      }
      const timer = clock.setTimeout(() => {
        timers.delete(key);
        run();
      }, delayMs);
      timer.unref?.();
      timers.set(key, timer);
    },
    close() {
      closed = true;
      for (const t of timers.values()) {
        clock.clearTimeout(t);
      }
      timers.clear();
    },
  };
}
