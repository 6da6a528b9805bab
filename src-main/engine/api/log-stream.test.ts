import { describe, expect, it } from 'vitest';

import type { LogLine } from '../../../src-shared/events.js';
import type { LogRing } from '../types.js';
import { streamLog } from './log-stream.js';

const line = (seq: number): LogLine => ({ seq, at: seq, server: 's', stream: 'stderr', line: `line ${seq}` });

/** A ring holding lines 1..5 whose next line arrives while the backlog is being read. */
function racingRing(): { ring: LogRing; push(l: LogLine): void; disposed: () => boolean } {
  const lines = [1, 2, 3, 4, 5].map(line);
  let listener: ((l: LogLine) => void) | undefined;
  let disposed = false;
  const ring: LogRing = {
    recent(limit, after) {
      // Line 6 is logged between the subscription and the read, and so is in both.
      lines.push(line(6));
      listener?.(line(6));
      const from =
        after === undefined ? lines.slice(-(limit ?? lines.length)) : lines.filter((l) => l.seq > after);
      return from;
    },
    subscribe(l) {
      listener = l;
      return { dispose: () => (disposed = true) };
    },
  };
  return { ring, push: (l) => listener?.(l), disposed: () => disposed };
}

describe('a log stream', () => {
  it('sends the last lines, then live ones, each once and in order, and ends with the stream', () => {
    const { ring, push, disposed } = racingRing();
    const sent: number[] = [];
    let close: (() => void) | undefined;
    streamLog(
      ring,
      { after: undefined, limit: 3 },
      (l) => sent.push(l.seq),
      (fn) => (close = fn),
    );
    push(line(7));
    expect(sent).toEqual([4, 5, 6, 7]);
    close?.();
    expect(disposed()).toBe(true);
  });

  it('resumes after the last line a client saw', () => {
    const { ring } = racingRing();
    const sent: number[] = [];
    streamLog(
      ring,
      { after: 4, limit: 3 },
      (l) => sent.push(l.seq),
      () => undefined,
    );
    expect(sent).toEqual([5, 6]);
  });
});
