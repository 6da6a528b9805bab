import { GatewayError } from '../../../src-shared/errors.js';
import type { BackendConnection, Clock, Logger } from '../types.js';
import { clearTimers, type Entry, gatewayLine, isLocal } from './entry.js';
import type { Footprint } from './footprint.js';
import type { SetState } from './transitions.js';

export interface Sleeping {
  /** Stop a running local server through the stop ladder and let it sleep (measured first). */
  sleepEntry(e: Entry, reason: string): Promise<void>;
  /** The user's "sleep now": refused, with what to do, when the server cannot sleep. */
  sleep(e: Entry, reason: string, blockers: string[]): Promise<void>;
}

export function createSleeping(deps: {
  clock: Clock;
  log: Logger;
  isClosed: () => boolean;
  setState: SetState;
  notify: (name: string, conn: BackendConnection | undefined) => void;
  footprint: Pick<Footprint, 'remember'>;
}): Sleeping {
  const sleepEntry = async (e: Entry, reason: string) => {
    const conn = e.conn;
    if (conn === undefined || (e.state !== 'running' && e.state !== 'degraded')) {
      return;
    }
    await deps.footprint.remember(e, conn);
    // A request may have arrived while it was being measured.
    if (e.conn !== conn || e.inFlight > 0 || deps.isClosed()) {
      return;
    }
    e.generation += 1;
    clearTimers(e, deps.clock);
    e.conn = undefined;
    e.startedAt = undefined;
    e.attempt = 0;
    e.pingFailures = 0;
    // The state goes first: the catalog keeps a sleeping server's lists when its connection goes.
    deps.setState(e, 'sleeping', reason);
    deps.notify(e.name, undefined);
    gatewayLine(e, `sleeping (${reason})`);
    const settling = conn
      .close()
      .catch((err: unknown) => deps.log.warn('stop failed', { server: e.name, err: String(err) }));
    e.settling = settling;
    await settling;
    if (e.settling === settling) {
      e.settling = undefined;
    }
  };
  return {
    sleepEntry,
    async sleep(e, reason, blockers) {
      if (e.state === 'sleeping') {
        return;
      }
      refuseSleep(e, blockers);
      await sleepEntry(e, reason);
    },
  };
}

/** Throws when the user's "sleep now" cannot be done, saying why. */
function refuseSleep(e: Entry, blockers: string[]): void {
  const name = e.name;
  if (!isLocal(e)) {
    throw new GatewayError(
      'BAD_REQUEST',
      `Server "${name}" is a remote server: it is never stopped to save memory (only its health pings pause when idle).`,
    );
  }
  if (e.conn === undefined || (e.state !== 'running' && e.state !== 'degraded')) {
    throw new GatewayError(
      'SERVER_NOT_RUNNING',
      `Server "${name}" is not running (state: ${e.state}), so it cannot be put to sleep.`,
    );
  }
  if (e.inFlight > 0) {
    throw new GatewayError(
      'UNAVAILABLE',
      `Server "${name}" is serving ${e.inFlight} request(s); try again when they have finished.`,
    );
  }
  if (blockers.length > 0) {
    throw new GatewayError('UNAVAILABLE', `Server "${name}" cannot sleep now: ${blockers.join(', ')}.`);
  }
}
