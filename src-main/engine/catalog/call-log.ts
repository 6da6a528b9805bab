import type { CallRecord } from '../../../src-shared/events.js';
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
  const calls: CallRecord[] = [];
  return {
    record(rec) {
      calls.push(rec);
      if (calls.length > size) {
        calls.splice(0, calls.length - size);
      }
      deps.bus.emit({ type: 'call.finished', at: rec.at + rec.durationMs, call: rec });
    },
    recent: (limit) => (limit === undefined ? [...calls] : calls.slice(-limit)),
  };
}
