import type { BackendConnection, Clock, SleepCache } from '../types.js';
import type { Entry } from './entry.js';

/** A server that just came up is measured once it has settled, and again before it sleeps. */
export const MEASURE_AFTER_MS = 5_000;

export interface Footprint {
  /** Measure the server's process tree now and keep the figure (on the entry and in the cache). */
  remember(e: Entry, conn: BackendConnection): Promise<void>;
  /** Measure it once it has settled, if it is still the same connection then. */
  measureLater(e: Entry, conn: BackendConnection, gen: number): void;
}

/** What a local server costs while it runs: what it saves while it sleeps. */
export function createFootprint(deps: {
  clock: Clock;
  /** Bytes used by the process tree of `pid` (PSS on Linux), undefined when it cannot be read. */
  measure: (pid: number) => Promise<number | undefined>;
  sleepCache: SleepCache | undefined;
}): Footprint {
  const remember = async (e: Entry, conn: BackendConnection) => {
    if (conn.pid === undefined) {
      return;
    }
    const bytes = await deps.measure(conn.pid).catch(() => undefined);
    if (bytes !== undefined && bytes > 0) {
      e.footprintBytes = bytes;
      deps.sleepCache?.setFootprint(e.name, e.config, bytes);
    }
  };
  return {
    remember,
    measureLater(e, conn, gen) {
      if (conn.pid === undefined) {
        return;
      }
      e.measureTimer = deps.clock.setTimeout(() => {
        e.measureTimer = undefined;
        if (gen === e.generation && e.conn === conn) {
          void remember(e, conn);
        }
      }, MEASURE_AFTER_MS);
      e.measureTimer.unref?.();
    },
  };
}
