import type { Clock, TimerHandle } from '../../engine/types.js';
import { type Failure, failureNotification } from './notification-texts.js';
import type { DesktopNotification } from './notifications.js';

/**
 * Failures on their way to a notification: at most one per server per `throttleMs`, those that
 * arrive within `coalesceMs` shown together, and the announced ones remembered until they recover.
 */
export interface FailureBatches {
  queue(f: Failure): void;
  /** The server runs: `pending` if its failure was never shown (dropped now), `announced` if it was. */
  recovered(server: string): 'pending' | 'announced' | undefined;
  /** The server was removed, stopped or disabled: nothing to announce about it. */
  forget(server: string): void;
  /** From now on nothing is shown. */
  stop(): void;
}

export function createFailureBatches(options: {
  clock: Clock;
  show(notification: DesktopNotification): void;
  throttleMs: number;
  coalesceMs: number;
}): FailureBatches {
  const { clock } = options;
  /** When each server's last failure notification went out. */
  const lastShown = new Map<string, number>();
  /** Servers whose failure was announced and whose recovery was not yet. */
  const awaitingRecovery = new Set<string>();
  let pending = new Map<string, Failure>();
  let timer: TimerHandle | undefined;
  let stopping = false;

  const flush = (): void => {
    timer = undefined;
    const batch = [...pending.values()];
    pending = new Map();
    if (batch.length === 0 || stopping) {
      return;
    }
    const now = clock.now();
    for (const f of batch) {
      lastShown.set(f.server, now);
      awaitingRecovery.add(f.server);
    }
    options.show(failureNotification(batch));
  };

  return {
    queue(f) {
      const last = lastShown.get(f.server);
      if (last !== undefined && clock.now() - last < options.throttleMs) {
        return;
      }
      // A circuit opening supersedes a queued crash of the same server.
      const queued = pending.get(f.server);
      if (queued === undefined || f.kind === 'circuit') {
        pending.set(f.server, f);
      }
      timer ??= clock.setTimeout(flush, options.coalesceMs);
    },
    recovered(server) {
      if (pending.delete(server)) {
        return 'pending';
      }
      return awaitingRecovery.delete(server) ? 'announced' : undefined;
    },
    forget(server) {
      pending.delete(server);
      awaitingRecovery.delete(server);
    },
    stop() {
      stopping = true;
      clock.clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
