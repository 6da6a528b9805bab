import { describe, expect, it } from 'vitest';

import { Ring } from './ring.js';

describe('Ring', () => {
  it('keeps the newest items oldest first, overwriting the oldest once full', () => {
    const ring = new Ring<number>(3);
    expect(ring.newest()).toEqual([]);
    ring.push(1);
    ring.push(2);
    expect(ring.newest()).toEqual([1, 2]);
    for (const n of [3, 4, 5, 6, 7]) {
      ring.push(n);
    }
    expect(ring.size).toBe(3);
    expect(ring.newest()).toEqual([5, 6, 7]);
    expect(ring.newest(2)).toEqual([6, 7]);
    expect(ring.newest(0)).toEqual([]);
    expect(ring.newest(10)).toEqual([5, 6, 7]);
  });

  it('reads right across the wrap at every position', () => {
    for (let pushed = 0; pushed <= 12; pushed += 1) {
      const ring = new Ring<number>(5);
      for (let n = 1; n <= pushed; n += 1) {
        ring.push(n);
      }
      const all = Array.from({ length: pushed }, (_, i) => i + 1).slice(-5);
      expect(ring.newest()).toEqual(all);
      expect(ring.newest(2)).toEqual(all.slice(-2));
    }
  });

  it('reads a limit that is not a count as the count below it', () => {
    const ring = new Ring<number>(4);
    for (const n of [1, 2, 3]) {
      ring.push(n);
    }
    expect(ring.newest(1.7)).toEqual([3]);
    expect(ring.newest(-2)).toEqual([]);
    expect(ring.newest(Number.NaN)).toEqual([]);
    expect(ring.newest(Infinity)).toEqual([1, 2, 3]);
  });

  it('hands out copies', () => {
    const ring = new Ring<number>(2);
    ring.push(1);
    ring.newest().pop();
    expect(ring.newest()).toEqual([1]);
  });

  it('refuses a capacity it cannot hold', () => {
    expect(() => new Ring(0)).toThrow(/at least one item/);
    expect(() => new Ring(1.5)).toThrow(/at least one item/);
  });
});
