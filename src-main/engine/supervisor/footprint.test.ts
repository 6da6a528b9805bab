import { setImmediate as turn } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import type { BackendConnection } from '../types.js';
import { newEntry } from './entry.js';
import { createFootprint, MEASURE_AFTER_MS } from './footprint.js';

function setup(bytes: number | undefined) {
  const clock = manualClock();
  const measured: number[] = [];
  const cached = new Map<string, number>();
  const footprint = createFootprint({
    clock,
    measure: async (pid) => {
      measured.push(pid);
      return bytes;
    },
    sleepCache: {
      has: () => false,
      footprint: (name) => cached.get(name),
      setFootprint: (name, _config, b) => void cached.set(name, b),
    },
  });
  const e = newEntry('s', { command: 'node' }, { clock, logLines: 10, footprintBytes: undefined });
  const conn = { pid: 4242 } as BackendConnection;
  e.conn = conn;
  return { clock, footprint, e, conn, measured, cached };
}

describe('footprint', () => {
  it('measures a server once it has settled and keeps the figure in the cache', async () => {
    const { clock, footprint, e, conn, measured, cached } = setup(12_345_678);
    footprint.measureLater(e, conn, e.generation);
    clock.advance(MEASURE_AFTER_MS - 1);
    expect(measured).toEqual([]);
    clock.advance(1);
    await turn();
    expect(measured).toEqual([4242]);
    expect(e.footprintBytes).toBe(12_345_678);
    expect(cached.get('s')).toBe(12_345_678);
  });

  it('does not measure a server that went away meanwhile, nor keep a figure it could not read', async () => {
    const gone = setup(1_000);
    gone.footprint.measureLater(gone.e, gone.conn, gone.e.generation);
    gone.e.generation += 1;
    gone.clock.advance(MEASURE_AFTER_MS);
    await turn();
    expect(gone.measured).toEqual([]);
    const unreadable = setup(undefined);
    await unreadable.footprint.remember(unreadable.e, unreadable.conn);
    expect(unreadable.measured).toEqual([4242]);
    expect(unreadable.e.footprintBytes).toBeUndefined();
    expect(unreadable.cached.size).toBe(0);
  });
});
