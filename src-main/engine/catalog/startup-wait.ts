import type { Clock, EventBus } from '../types.js';

/** How long after start a first listing waits for servers that are still starting, and for how long at most. */
const STARTUP_WINDOW_MS = 30_000;
const STARTUP_WAIT_MS = 8_000;

/**
 * Shortly after start a first listing should include servers that are still coming up: wait
 * (bounded) until nothing is `pending()`. Later on, and when nothing is pending, at once.
 */
export function createStartupWait(deps: {
  clock: Clock;
  bus: EventBus;
  /** Whether a server is still starting or its lists still loading. */
  pending(): boolean;
}): () => Promise<void> {
  const { clock, bus, pending } = deps;
  const createdAt = clock.now();
  return async () => {
    if (clock.now() - createdAt > STARTUP_WINDOW_MS || !pending()) {
      return;
    }
    await new Promise<void>((resolve) => {
      const finish = () => {
        clock.clearTimeout(timer);
        sub.dispose();
        resolve();
      };
      const timer = clock.setTimeout(
        finish,
        Math.max(0, Math.min(STARTUP_WAIT_MS, createdAt + STARTUP_WINDOW_MS - clock.now())),
      );
      // State changes and finished list loads are the moments the answer can change.
      const sub = bus.on((e) => {
        if ((e.type === 'server.state' || e.type === 'catalog.changed') && !pending()) {
          finish();
        }
      });
    });
  };
}
