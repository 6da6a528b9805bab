import type { SessionInfo } from '../../../src-shared/events.js';
import type { Clock, EventBus } from '../types.js';

/** `session.opened` / `session.closed` with a copy of the session's info as it is now. */
export function emitSession(
  bus: EventBus,
  clock: Clock,
  type: 'session.opened' | 'session.closed',
  info: SessionInfo,
): void {
  bus.emit({ type, at: clock.now(), session: { ...info } });
}
