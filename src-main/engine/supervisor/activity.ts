import { GatewayError } from '../../../src-shared/errors.js';
import type { BackendConnection, Clock, Disposable } from '../types.js';
import { type Entry, gatewayLine } from './entry.js';
import type { HealthPings } from './health.js';
import type { IdleCountdown } from './idle.js';

export interface Activity {
  /** A request begins: the server does not sleep until the returned release is called. */
  hold(e: Entry): () => void;
  /** Keep the server awake while the disposable lives, counted per reason. */
  preventSleep(e: Entry, why: string): Disposable;
  /** The connection, starting a sleeping server once for every request waiting on it. */
  wake(e: Entry, reason: string): Promise<BackendConnection>;
}

/** What keeps a server awake (requests in flight, blockers) and waking it on demand. */
export function createActivity(deps: {
  clock: Clock;
  isClosed: () => boolean;
  health: Pick<HealthPings, 'resume'>;
  idle: Pick<IdleCountdown, 'arm'>;
  start: (e: Entry, reason: string) => Promise<void>;
}): Activity {
  const { clock } = deps;
  return {
    hold(e) {
      e.inFlight += 1;
      e.lastActivity = clock.now();
      // An armed countdown stays: when it fires it finds the server busy or recently used and
      // waits again from the last activity. Re-arming it around every request cost the hot
      // path a timer per call.
      deps.health.resume(e);
      let released = false;
      return () => {
        if (released) {
          return;
        }
        released = true;
        e.inFlight -= 1;
        e.lastActivity = clock.now();
        if (e.inFlight === 0 && e.idleTimer === undefined) {
          deps.idle.arm(e);
        }
      };
    },

    preventSleep(e, why) {
      e.blockers.set(why, (e.blockers.get(why) ?? 0) + 1);
      let disposed = false;
      return {
        dispose: () => {
          if (disposed) {
            return;
          }
          disposed = true;
          const n = (e.blockers.get(why) ?? 1) - 1;
          if (n <= 0) {
            e.blockers.delete(why);
          } else {
            e.blockers.set(why, n);
          }
          deps.idle.arm(e);
        },
      };
    },

    async wake(e, reason) {
      if (e.conn !== undefined) {
        return e.conn;
      }
      refuseWake(e, deps.isClosed());
      const up = new Promise<BackendConnection>((resolve, reject) => e.waiters.add({ resolve, reject }));
      if (e.state === 'sleeping') {
        gatewayLine(e, `waking (${reason})`);
        void deps.start(e, reason);
      }
      return up;
    },
  };
}

/** Throws when a server without a connection will not come up for a request (only sleeping and starting do). */
function refuseWake(e: Entry, closed: boolean): void {
  const name = e.name;
  if (closed) {
    throw new GatewayError('UNAVAILABLE', 'the gateway is stopping');
  }
  if (e.state === 'disabled') {
    throw new GatewayError('SERVER_DISABLED', `Server "${name}" is disabled — enable it first.`);
  }
  if (e.state === 'needs-approval') {
    throw new GatewayError('APPROVAL_REQUIRED', e.reason);
  }
  if (e.state !== 'sleeping' && e.state !== 'starting') {
    throw new GatewayError(
      'SERVER_NOT_RUNNING',
      `Server "${name}" is not running (state: ${e.state}${e.reason ? ` — ${e.reason}` : ''}). Check its log with \`mcp-gateway logs ${name}\`.`,
    );
  }
}
