import { describe, expect, it } from 'vitest';

import { runtimeIdentity } from '../../../src-shared/server-identity.js';
import { backoffDelay, failuresInWindow, formatDelay } from './policy.js';

const s = { backoffInitialMs: 100, backoffFactor: 2, backoffMaxMs: 1_000, backoffJitter: 0.2 };

describe('restart policy', () => {
  it('grows by the factor and stops at the cap', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, s, mid))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('spreads by at most ± jitter', () => {
    expect(backoffDelay(1, s, () => 0)).toBe(160);
    expect(backoffDelay(1, s, () => 1)).toBe(240);
  });

  it('counts only failures inside the window', () => {
    expect(failuresInWindow([1, 50, 90, 100], 100, 50)).toEqual([90, 100]);
  });

  it('ignores catalog-only fields and key order when deciding on a restart', () => {
    const a = runtimeIdentity({ command: 'x', args: ['1'], env: { B: '2', A: '1' }, tools: { deny: ['x'] } });
    const b = runtimeIdentity({
      env: { A: '1', B: '2' },
      args: ['1'],
      command: 'x',
      description: 'hi',
      disabled: false,
    });
    expect(a).toBe(b);
    expect(runtimeIdentity({ command: 'x', args: ['2'] })).not.toBe(
      runtimeIdentity({ command: 'x', args: ['1'] }),
    );
  });

  it('formats delays for people', () => {
    expect([formatDelay(350), formatDelay(1_000), formatDelay(1_250), formatDelay(600_000)]).toEqual([
      '350 ms',
      '1 s',
      '1.3 s',
      '10 min',
    ]);
  });
});
