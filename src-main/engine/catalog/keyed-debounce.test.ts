import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { createKeyedDebounce } from './keyed-debounce.js';

describe('keyed debounce', () => {
  it('runs a burst for one key once, after the delay, and other keys on their own', () => {
    const clock = manualClock();
    const debounce = createKeyedDebounce(clock, 50);
    const ran: string[] = [];
    debounce.schedule('a', () => ran.push('a1'));
    debounce.schedule('a', () => ran.push('a2'));
    debounce.schedule('b', () => ran.push('b1'));
    clock.advance(49);
    expect(ran).toEqual([]);
    clock.advance(1);
    expect(ran).toEqual(['a1', 'b1']);
    // Once run, the key may be scheduled again.
    debounce.schedule('a', () => ran.push('a3'));
    clock.advance(50);
    expect(ran).toEqual(['a1', 'b1', 'a3']);
  });

  it('drops what is pending on close and ignores later schedules', () => {
    const clock = manualClock();
    const debounce = createKeyedDebounce(clock, 50);
    const ran: string[] = [];
    debounce.schedule('a', () => ran.push('a'));
    debounce.close();
    debounce.schedule('b', () => ran.push('b'));
    expect(clock.pending()).toEqual([]);
    clock.advance(100);
    expect(ran).toEqual([]);
  });
});
