import type { CallRecord } from '../../../src-shared/events.js';
import { Ring } from '../../../src-shared/ring.js';
import type { EventBus } from '../types.js';

/** How many finished tool calls the catalog keeps for the API and the dashboard. */
export const RECENT_CALLS = 500;

/** Finished tool calls: the latest ones kept in order, each announced as `call.finished`. */
export interface CallLog {
  record(rec: CallRecord): void;
  /** Recent calls, newest last; `limit` keeps only the newest ones. */
  recent(limit?: number): CallRecord[];
}

export function createCallLog(deps: { bus: EventBus; size?: number }): CallLog {
  const size = deps.size ?? RECENT_CALLS;
  const calls = new Ring<CallRecord>(size);
  return {
    record(rec) {
      calls.push(rec);
      deps.bus.emit({ type: 'call.finished', at: rec.at + rec.durationMs, call: rec });
    },
    recent: (limit) => calls.newest(limit),
  };
}
