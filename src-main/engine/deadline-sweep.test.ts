import { describe, expect, it } from 'vitest';

import { manualClock } from '../../test/lib/clock.js';
import { nextUncaught } from '../../test/lib/uncaught.js';
import { createDeadlineSweep } from './deadline-sweep.js';

describe('deadline sweep', () => {
  it('runs each wait once at its deadline, and not a cancelled one', () => {
    const clock = manualClock();
    const sweep = createDeadlineSweep(clock);
    const fired: string[] = [];
    sweep.after(100, () => fired.push('a'));
    const cancelB = sweep.after(100, () => fired.push('b'));
    clock.advance(50);
    sweep.after(100, () => fired.push('c'));
    cancelB();
    clock.advance(49);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['a']);
    clock.advance(50);
    expect(fired).toEqual(['a', 'c']);
    clock.advance(1_000);
    expect(fired).toEqual(['a', 'c']);
    expect(sweep.size).toBe(0);
  });

  it('keeps one timer for waits of one length, whatever their number', () => {
    const clock = manualClock();
    const sweep = createDeadlineSweep(clock);
    const cancels = Array.from({ length: 1_000 }, () => sweep.after(1_000, () => undefined));
    expect(clock.pending()).toEqual([1_000]);
    for (const cancel of cancels) {
      cancel();
    }
    // The timer is left armed; it finds nothing and arms no other.
    clock.advance(1_000);
    expect(clock.pending()).toEqual([]);
  });

  it('moves its timer forward for a shorter wait and on to the next deadline after a sweep', () => {
    const clock = manualClock();
    const sweep = createDeadlineSweep(clock);
    const fired: number[] = [];
    sweep.after(10_000, () => fired.push(10_000));
    sweep.after(300, () => fired.push(300));
    expect(clock.pending()).toEqual([300]);
    clock.advance(300);
    expect(fired).toEqual([300]);
    expect(clock.pending()).toEqual([9_700]);
    clock.advance(9_700);
    expect(fired).toEqual([300, 10_000]);
  });

  it('waits longer than a timer can in steps (setTimeout fires at once past 2^31-1 ms)', () => {
    const clock = manualClock();
    const sweep = createDeadlineSweep(clock);
    let fired = false;
    sweep.after(3_000_000_000, () => (fired = true));
    expect(clock.pending()).toEqual([2_147_483_647]);
    clock.advance(2_147_483_647);
    expect(fired).toBe(false);
    clock.advance(3_000_000_000 - 2_147_483_647);
    expect(fired).toBe(true);
  });

  it('runs the other due waits when one throws, and reports the throw as uncaught', async () => {
    const clock = manualClock();
    const sweep = createDeadlineSweep(clock);
    const fired: string[] = [];
    sweep.after(5, () => {
      throw new Error('boom');
    });
    sweep.after(5, () => fired.push('second'));
    const uncaught = nextUncaught();
    clock.advance(5);
    expect(fired).toEqual(['second']);
    expect(((await uncaught) as Error).message).toBe('boom');
  });

  it('unrefs its timer: a wait alone does not keep the process alive', () => {
    const handles: Array<{ unrefed: boolean }> = [];
    const sweep = createDeadlineSweep({
      now: () => 0,
      setTimeout: () => {
        const h = { unrefed: false, unref: () => (h.unrefed = true) };
        handles.push(h);
        return h;
      },
      clearTimeout: () => undefined,
    });
    sweep.after(10, () => undefined);
    expect(handles).toEqual([expect.objectContaining({ unrefed: true })]);
  });
});
