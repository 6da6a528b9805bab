import { GatewayError } from '../../../src-shared/errors.js';
import { canTransition } from '../../../src-shared/states.js';
import { type Entry, gatewayLine, settleWaiters } from './entry.js';
import type { Stopping } from './stopping.js';
import type { SetState } from './transitions.js';

export interface Control {
  restart(e: Entry, reason: string): Promise<void>;
  /** Forget the failures and, if it is not running, start the server again. */
  resetCircuit(e: Entry): Promise<void>;
  /** A running remote server lost its sign-in: stop it until the user signs in again. */
  signInRequired(e: Entry, reason: string): Promise<void>;
}

/** What a person (or the sign-in) asks of one server; refused with what to do when it cannot be done. */
export function createControl(deps: {
  isClosed: () => boolean;
  setState: SetState;
  start: (e: Entry, reason: string) => Promise<void>;
  stopping: Pick<Stopping, 'halt' | 'restartNow'>;
}): Control {
  const refuseDisabled = (e: Entry, what: string) => {
    if (e.state === 'disabled') {
      throw new GatewayError('SERVER_DISABLED', `server '${e.name}' is disabled — enable it ${what}`);
    }
  };
  return {
    async restart(e, reason) {
      refuseDisabled(e, 'before restarting it');
      e.attempt = 0;
      await deps.stopping.restartNow(e, reason);
    },
    async resetCircuit(e) {
      refuseDisabled(e, 'first');
      e.failureTimes = [];
      e.attempt = 0;
      if (e.state === 'error' || e.state === 'restarting' || e.state === 'stopped') {
        gatewayLine(e, 'circuit reset by the user');
        await deps.stopping.halt(e);
        await deps.start(e, 'circuit reset');
      }
    },
    async signInRequired(e, reason) {
      if (!canTransition(e.state, 'needs-sign-in') || deps.isClosed()) {
        return;
      }
      gatewayLine(e, `sign-in needed: ${reason}`);
      settleWaiters(
        e,
        new GatewayError('SIGN_IN_REQUIRED', `server '${e.name}' needs you to sign in again: ${reason}`),
      );
      await deps.stopping.halt(e);
      if (canTransition(e.state, 'needs-sign-in')) {
        deps.setState(e, 'needs-sign-in', reason);
      }
    },
  };
}
