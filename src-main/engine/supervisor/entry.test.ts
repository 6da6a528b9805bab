import { describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import { manualClock } from '../../../test/lib/clock.js';
import type { BackendConnection } from '../types.js';
import { clearTimers, gatewayLine, newEntry, settleWaiters } from './entry.js';

const clock = manualClock();
const entry = () => newEntry('s', { command: 'node' }, { clock, logLines: 3, footprintBytes: 42 });

describe('a server entry', () => {
  it('starts stopped, with its footprint from the cache and a bounded log', () => {
    const e = entry();
    expect(e).toMatchObject({ state: 'stopped', reason: 'not started yet', since: clock.now() });
    expect(e.footprintBytes).toBe(42);
    for (const n of [1, 2, 3, 4]) {
      gatewayLine(e, `line ${n}`);
    }
    expect(e.ring.recent().map((l) => [l.stream, l.line])).toEqual([
      ['gateway', 'line 2'],
      ['gateway', 'line 3'],
      ['gateway', 'line 4'],
    ]);
  });

  it('settles every waiter once, with the connection or with the error', async () => {
    const e = entry();
    const conn = { transport: 'stdio' } as BackendConnection;
    const first = new Promise<BackendConnection>((resolve, reject) => e.waiters.add({ resolve, reject }));
    settleWaiters(e, conn);
    await expect(first).resolves.toBe(conn);
    expect(e.waiters.size).toBe(0);
    const second = new Promise<BackendConnection>((resolve, reject) => e.waiters.add({ resolve, reject }));
    settleWaiters(e, new GatewayError('SERVER_WAKE_FAILED', 'it crashed'));
    await expect(second).rejects.toMatchObject({ code: 'SERVER_WAKE_FAILED' });
  });

  it('clears all four timers so none of them fires, and resumes paused pings', () => {
    const c = manualClock();
    const e = entry();
    const fired: string[] = [];
    e.timer = c.setTimeout(() => fired.push('restart'), 10);
    e.pingTimer = c.setTimeout(() => fired.push('ping'), 10);
    e.idleTimer = c.setTimeout(() => fired.push('idle'), 10);
    e.measureTimer = c.setTimeout(() => fired.push('measure'), 10);
    e.pingsPaused = true;
    clearTimers(e, c);
    c.advance(100);
    expect(fired).toEqual([]);
    expect(c.pending()).toEqual([]);
    expect([e.timer, e.pingTimer, e.idleTimer, e.measureTimer, e.pingsPaused]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      false,
    ]);
  });
});
