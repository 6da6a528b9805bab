import { describe, expect, it } from 'vitest';

import { createFlights } from './single-flight.js';

describe('single flight per key', () => {
  it('joins the run in flight, and starts a new one after it settled, even after a failure', async () => {
    const flights = createFlights<number>();
    let started = 0;
    let finish: (v: number) => void = () => undefined;
    const start = () => {
      started += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const a = flights.run('docs', start);
    const b = flights.run('docs', start);
    expect(b).toBe(a);
    expect(flights.running('docs')).toBe(a);
    expect(flights.running('mail')).toBeUndefined();
    finish(1);
    await expect(a).resolves.toBe(1);
    expect(flights.running('docs')).toBeUndefined();
    const failed = flights.run('docs', () => Promise.reject(new Error('refused')));
    await expect(failed).rejects.toThrow('refused');
    expect(flights.running('docs')).toBeUndefined();
    const c = flights.run('docs', start);
    expect(c).not.toBe(a);
    expect(started).toBe(2);
    finish(2);
    await expect(c).resolves.toBe(2);
  });
});
