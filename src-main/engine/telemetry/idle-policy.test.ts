import { describe, expect, it } from 'vitest';

import { idlePolicy, idleState, MiB, nextStep } from './idle-policy.js';

const policy = idlePolicy({
  idleMs: 1_000,
  minGapMs: 10_000,
  minGrowthBytes: 10,
  busyActivities: 100,
  busyIdleMs: 20_000,
});

describe('idle memory policy', () => {
  it('fills in the defaults, the longer wait never shorter than the quiet time', () => {
    expect(idlePolicy({})).toEqual({
      idleMs: 2_000,
      minGapMs: 5_000,
      minGrowth: 4 * MiB,
      busyActivities: 1_000,
      busyIdleMs: 30_000,
    });
    expect(idlePolicy({ idleMs: 40_000 }).busyIdleMs).toBe(40_000);
  });

  it('looks again while activity goes on', () => {
    const st = { ...idleState(), seq: 5, seqAtSchedule: 3, waitingLonger: true };
    expect(nextStep(policy, st, 0, () => 100)).toEqual({ look: 1_000 });
    expect(st.waitingLonger).toBe(false);
  });

  it('waits out the longer quiet time once after sustained load', () => {
    const st = { ...idleState(), seq: 150, seqAtSchedule: 150 };
    expect(nextStep(policy, st, 0, () => 100)).toEqual({ look: 19_000 });
    expect(st).toMatchObject({ waitingLonger: true, seqAtSettle: 150 });
    expect(nextStep(policy, st, 19_000, () => 100)).toEqual({ release: 100 });
    expect(st.waitingLonger).toBe(false);
  });

  it('keeps the gap between releases, and releases only when the heap grew enough', () => {
    const st = { ...idleState(), lastReleaseAt: 5_000, heapAfterRelease: 50 };
    let read = 0;
    const heap = (bytes: number) => () => {
      read += 1;
      return bytes;
    };
    expect(nextStep(policy, st, 8_000, heap(100))).toEqual({ look: 7_000 });
    expect(read).toBe(0);
    expect(nextStep(policy, st, 15_000, heap(55))).toBeUndefined();
    expect(nextStep(policy, st, 15_000, heap(60))).toEqual({ release: 60 });
    expect(read).toBe(2);
  });
});
