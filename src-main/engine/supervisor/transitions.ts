import { canTransition, type ServerState } from '../../../src-shared/states.js';
import type { Clock, EventBus, Logger } from '../types.js';
import type { Entry } from './entry.js';

export type SetState = (e: Entry, to: ServerState, reason: string) => void;

/**
 * The per-server state machine's one way to move: checks the transition against src-shared's
 * table, stamps `since`, and announces it as a `server.state` event with its reason. Staying in
 * the same state only updates the reason (no event).
 */
export function createTransitions(deps: { clock: Clock; log: Logger; bus: EventBus }): SetState {
  const { clock, log, bus } = deps;
  return (e, to, reason) => {
    const from = e.state;
    if (from === to) {
      e.reason = reason;
      return;
    }
    if (!canTransition(from, to)) {
      // A bug in the supervisor; keep going (the UI must still show the truth) but make it loud.
      log.error('invalid server state transition', { server: e.name, from, to, reason });
    }
    e.state = to;
    e.reason = reason;
    e.since = clock.now();
    if (to !== 'restarting' && to !== 'error') {
      e.nextAttemptAt = undefined;
    }
    log.info(`server ${to}`, { server: e.name, previous: from, reason });
    bus.emit({ type: 'server.state', at: e.since, server: e.name, state: to, previous: from, reason });
  };
}
