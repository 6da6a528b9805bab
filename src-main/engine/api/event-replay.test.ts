import { describe, expect, it } from 'vitest';

import type { EngineEvent } from '../../../src-shared/events.js';
import { createEventBus } from '../events.js';
import { createEventReplay } from './event-replay.js';

const event = (n: number): EngineEvent => ({
  type: 'catalog.changed',
  at: n,
  servers: [`s${n}`],
  tools: n,
  resources: 0,
  prompts: 0,
});

describe('event replay', () => {
  it('numbers events and gives a reconnecting client what came after its last one', () => {
    const bus = createEventBus();
    const replay = createEventReplay(bus, 4);
    const live: number[] = [];
    const sub = replay.subscribe((seq) => live.push(seq));
    for (let n = 1; n <= 6; n++) {
      bus.emit(event(n));
    }
    expect(live).toEqual([1, 2, 3, 4, 5, 6]);
    const seqs = (after: number) => replay.since(after).map((e) => e.seq);
    expect(seqs(4)).toEqual([5, 6]);
    expect(seqs(6)).toEqual([]);
    // Older than what is kept: all that is kept; from a later run (a bigger number): nothing.
    expect(seqs(0)).toEqual([3, 4, 5, 6]);
    expect(seqs(-3)).toEqual([3, 4, 5, 6]);
    expect(seqs(99)).toEqual([]);
    expect(seqs(4.5)).toEqual([5, 6]);
    expect(seqs(Number.NaN)).toEqual([]);
    expect(replay.since(5)).toEqual([{ seq: 6, event: event(6) }]);
    sub.dispose();
    bus.emit(event(7));
    expect(live).toHaveLength(6);
    replay.dispose();
    bus.emit(event(8));
    expect(seqs(6)).toEqual([7]);
  });
});
