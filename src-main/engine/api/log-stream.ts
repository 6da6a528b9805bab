import type { LogLine } from '../../../src-shared/events.js';
import type { LogRing } from '../types.js';

/**
 * Streams a log ring: the backlog (the last `limit` lines, or those after `after`), then live
 * lines, each line once and in order. It subscribes before reading the backlog so no line falls
 * between the two; the subscription ends when the stream closes (`onClose`).
 */
export function streamLog(
  ring: LogRing,
  from: { after: number | undefined; limit: number },
  send: (line: LogLine) => void,
  onClose: (fn: () => void) => void,
): void {
  let last = from.after ?? -1;
  const pending: LogLine[] = [];
  let live = false;
  const emit = (l: LogLine) => {
    if (l.seq > last) {
      last = l.seq;
      send(l);
    }
  };
  const sub = ring.subscribe((l) => (live ? emit(l) : pending.push(l)));
  onClose(() => sub.dispose());
  const backlog = from.after === undefined ? ring.recent(from.limit) : ring.recent(undefined, from.after);
  for (const l of backlog) {
    emit(l);
  }
  for (const l of pending.splice(0)) {
    emit(l);
  }
  live = true;
}
