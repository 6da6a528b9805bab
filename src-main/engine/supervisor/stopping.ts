import { GatewayError } from '../../../src-shared/errors.js';
import { canTransition } from '../../../src-shared/states.js';
import type { BackendConnection, Clock, Logger } from '../types.js';
import { clearTimers, type Entry, gatewayLine, settleWaiters } from './entry.js';
import type { SetState } from './transitions.js';

export interface Stopping {
  /** Cancel timers and any start in flight, stop the connection; no restart follows. */
  halt(e: Entry, why?: string): Promise<void>;
  /** Halt the server and leave it `stopped` or `disabled`. */
  stop(e: Entry, to: 'stopped' | 'disabled', reason: string): Promise<void>;
  /** Restart a server now, from whatever state it is in (not disabled). */
  restartNow(e: Entry, reason: string): Promise<void>;
}

export function createStopping(deps: {
  clock: Clock;
  log: Logger;
  setState: SetState;
  notify: (name: string, conn: BackendConnection | undefined) => void;
  start: (e: Entry, reason: string) => Promise<void>;
}): Stopping {
  /** Drop the shared connection (if any) and stop it through the ladder. */
  const dropConnection = async (e: Entry) => {
    const conn = e.conn;
    if (conn === undefined) {
      return;
    }
    e.conn = undefined;
    e.startedAt = undefined;
    deps.notify(e.name, undefined);
    await conn
      .close()
      .catch((err: unknown) => deps.log.warn('stop failed', { server: e.name, err: String(err) }));
  };

  const halt = async (e: Entry, why = 'it was stopped') => {
    settleWaiters(
      e,
      new GatewayError('SERVER_NOT_RUNNING', `Server "${e.name}" did not come up for this request: ${why}.`),
    );
    e.generation += 1;
    clearTimers(e, deps.clock);
    e.abort?.abort();
    await dropConnection(e);
    await Promise.allSettled([...e.runs]);
    // A start that finished while we waited has seen the new generation and closed its connection.
    await dropConnection(e);
  };

  return {
    halt,
    async stop(e, to, reason) {
      if (e.state !== 'stopped' && e.state !== 'disabled') {
        gatewayLine(e, `stopping (${reason})`);
      }
      await halt(e, reason);
      if (e.state !== to) {
        if (!canTransition(e.state, to)) {
          deps.setState(e, 'stopped', reason);
        }
        deps.setState(e, to, reason);
      }
    },
    async restartNow(e, reason) {
      await halt(e, reason);
      e.probing = false;
      if (e.state === 'degraded') {
        deps.setState(e, 'restarting', reason);
      }
      gatewayLine(e, `restarting (${reason})`);
      await deps.start(e, reason);
    },
  };
}
