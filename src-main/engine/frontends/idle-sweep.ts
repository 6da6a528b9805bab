import type { Clock } from '../types.js';
import type { Limits } from './limits.js';

/**
 * Every so often (half `gateway.limits.sessionIdleMs`, between 1 s and 1 min), `sweep` is told
 * the time to close what has been idle longer than the limit. Runs on the injected clock.
 */
export function startIdleSweep(deps: { clock: Clock; limits: Limits; sweep: (now: number) => void }): {
  stop(): void;
} {
  const { clock, limits } = deps;
  let stopped = false;
  let timer = schedule();
  function schedule() {
    const t = clock.setTimeout(
      () => {
        deps.sweep(clock.now());
        if (!stopped) {
          timer = schedule();
        }
      },
      Math.max(1_000, Math.min(60_000, Math.floor(limits.sessionIdleMs / 2))),
    );
    t.unref?.();
    return t;
  }
  return {
    stop() {
      stopped = true;
      clock.clearTimeout(timer);
    },
  };
}
