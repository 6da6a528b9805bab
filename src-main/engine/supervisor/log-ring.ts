import type { LogLine } from '../../../src-shared/events.js';
import type { Disposable, LogRing } from '../types.js';

export interface WritableLogRing extends LogRing {
  push(stream: LogLine['stream'], line: string): LogLine;
  /** The highest seq written so far (0 before the first line). */
  lastSeq(): number;
}

/**
 * A bounded ring of one server's log lines. `seq` grows monotonically for the server's whole
 * life in the gateway, so a live log view can resume after a reconnect with `afterSeq`.
 */
export function createLogRing(
  server: string,
  capacity: number,
  now: () => number = Date.now,
): WritableLogRing {
  const size = Math.max(1, capacity);
  // Grows as lines arrive, up to `size`: most servers write a few lines, not the 1,000 kept.
  const lines: LogLine[] = [];
  let seq = 0;
  const listeners = new Set<(line: LogLine) => void>();
  return {
    push(stream, line) {
      seq += 1;
      const entry: LogLine = { seq, at: now(), server, stream, line };
      lines[(seq - 1) % size] = entry;
      for (const l of listeners) {
        try {
          l(entry);
        } catch {
          // A broken subscriber must not stop the server's output from being read.
        }
      }
      return entry;
    },
    lastSeq: () => seq,
    recent(limit = size, afterSeq = 0) {
      const first = Math.max(afterSeq + 1, seq - size + 1, 1);
      const from = Math.max(first, seq - Math.max(0, limit) + 1);
      const out: LogLine[] = [];
      for (let s = from; s <= seq; s++) {
        const entry = lines[(s - 1) % size];
        if (entry !== undefined) {
          out.push(entry);
        }
      }
      return out;
    },
    subscribe(listener): Disposable {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
  };
}
