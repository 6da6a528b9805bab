import { describe, expect, it } from 'vitest';

import { GatewayConfigSchema } from '../../../src-shared/config.js';
import { manualClock } from '../../../test/lib/clock.js';
import { startIdleSweep } from './idle-sweep.js';
import { type Limits, limitsOf } from './limits.js';

function limitsWithIdle(sessionIdleMs: number): Limits {
  return { ...limitsOf(GatewayConfigSchema.parse({ mcpServers: {} })), sessionIdleMs };
}

describe('idle sweep', () => {
  it('sweeps every half idle limit, read live, and stops for good', () => {
    const clock = manualClock(0);
    const limits = limitsWithIdle(10_000);
    const sweeps: number[] = [];
    const sweep = startIdleSweep({ clock, limits, sweep: (now) => sweeps.push(now) });
    clock.advance(10_000);
    expect(sweeps).toEqual([5_000, 10_000]);
    limits.sessionIdleMs = 4_000;
    clock.advance(10_000);
    expect(sweeps).toEqual([5_000, 10_000, 15_000, 17_000, 19_000]);
    sweep.stop();
    clock.advance(60_000);
    expect(sweeps).toHaveLength(5);
    expect(clock.pending()).toEqual([]);
  });

  it('keeps its period between 1 s and 1 min', () => {
    const clock = manualClock(0);
    startIdleSweep({ clock, limits: limitsWithIdle(100), sweep: () => undefined });
    startIdleSweep({ clock, limits: limitsWithIdle(3_600_000), sweep: () => undefined });
    expect(clock.pending()).toEqual([1_000, 60_000]);
  });
});
