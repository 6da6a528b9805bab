import { describe, expect, it } from 'vitest';

import { createLogRing } from './log-ring.js';

describe('log ring', () => {
  it('keeps the newest lines with growing seq numbers', () => {
    const ring = createLogRing('s', 3, () => 42);
    for (let i = 1; i <= 5; i++) {
      ring.push('stderr', `line ${i}`);
    }
    expect(ring.recent().map((l) => [l.seq, l.line])).toEqual([
      [3, 'line 3'],
      [4, 'line 4'],
      [5, 'line 5'],
    ]);
    expect(ring.recent(2).map((l) => l.seq)).toEqual([4, 5]);
    expect(ring.recent(10, 4).map((l) => l.seq)).toEqual([5]);
    expect(ring.recent(10, 5)).toEqual([]);
    expect(ring.recent(0)).toEqual([]);
    expect(ring.lastSeq()).toBe(5);
  });

  it('streams lines to subscribers until disposed; a throwing subscriber does not break it', () => {
    const ring = createLogRing('s', 10);
    const seen: string[] = [];
    ring.subscribe(() => {
      throw new Error('boom');
    });
    const sub = ring.subscribe((l) => seen.push(`${l.stream}:${l.line}`));
    ring.push('gateway', 'a');
    sub.dispose();
    ring.push('stdout', 'b');
    expect(seen).toEqual(['gateway:a']);
    expect(ring.recent()).toHaveLength(2);
  });

  it('holds only the lines written so far, then wraps at its capacity', () => {
    const ring = createLogRing('s', 1_000);
    ring.push('stdout', 'one');
    ring.push('stderr', 'two');
    expect(ring.recent().map((l) => l.line)).toEqual(['one', 'two']);
    for (let i = 0; i < 1_500; i++) {
      ring.push('stdout', `n${i}`);
    }
    const kept = ring.recent();
    expect(kept).toHaveLength(1_000);
    expect(kept[0]?.line).toBe('n500');
    expect(kept.at(-1)?.line).toBe('n1499');
    expect(ring.recent(10, 1_495).map((l) => l.seq)).toEqual([
      1_496, 1_497, 1_498, 1_499, 1_500, 1_501, 1_502,
    ]);
  });
});
