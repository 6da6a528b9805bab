import { describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { manualClock } from '../../../test/lib/clock.js';
import type { BackendConnection } from '../types.js';
import { createActivity } from './activity.js';
import { newEntry } from './entry.js';
import { createIdleCountdown } from './idle.js';

const MIN = 60_000;
const LOCAL: ServerConfig = { command: 'node' };
const REMOTE: ServerConfig = { url: 'http://127.0.0.1:1/mcp' };

/** A running server with the idle countdown and activity around it; sleeps and pauses are recorded. */
function setup(config: ServerConfig = LOCAL) {
  const clock = manualClock();
  const e = newEntry('s', config, { clock, logLines: 50, footprintBytes: undefined });
  e.state = 'running';
  e.conn = { transport: 'stdio' } as BackendConnection;
  const slept: string[] = [];
  const paused: string[] = [];
  const starts: string[] = [];
  const idle = createIdleCountdown({
    clock,
    isClosed: () => false,
    health: { pause: (_e, reason) => void paused.push(reason) },
    sleep: async (_e, reason) => void slept.push(reason),
  });
  idle.setGatewaySleepAfter(MIN);
  const activity = createActivity({
    clock,
    isClosed: () => false,
    health: { resume: () => undefined },
    idle,
    start: async (_e, reason) => void starts.push(reason),
  });
  return { clock, e, idle, activity, slept, paused, starts };
}

describe('idle countdown', () => {
  it('puts a local server to sleep sleepAfterMs after its last request, never during one', () => {
    const { clock, e, idle, activity, slept } = setup();
    e.lastActivity = clock.now();
    idle.arm(e);
    const release = activity.hold(e);
    clock.advance(5 * MIN);
    // The countdown found the request in flight and stopped; the release starts it again.
    expect(slept).toEqual([]);
    expect(clock.pending()).toEqual([]);
    release();
    release(); // a second release changes nothing
    expect(e.inFlight).toBe(0);
    clock.advance(MIN - 1);
    expect(slept).toEqual([]);
    clock.advance(1);
    expect(slept).toEqual(['idle for 60 s']);
  });

  it('sets no timer per request: a busy server’s countdown moves on only when it fires', () => {
    const { clock, e, idle, activity, slept } = setup();
    let timers = 0;
    const setTimeout = clock.setTimeout.bind(clock);
    clock.setTimeout = (fn, ms) => {
      timers += 1;
      return setTimeout(fn, ms);
    };
    e.lastActivity = clock.now();
    idle.arm(e);
    for (let i = 0; i < 100; i++) {
      activity.hold(e)();
      clock.advance(1_000);
    }
    // 100 s of requests a second apart: the first countdown fired at 60 s and waited again from the last one.
    expect(timers).toBe(2);
    expect(slept).toEqual([]);
    clock.advance(MIN - 1_000 - 1);
    expect(slept).toEqual([]);
    clock.advance(1);
    expect(slept).toEqual(['idle for 60 s']);
  });

  it('keeps a server awake while something blocks it, and says why', () => {
    const { clock, e, idle, activity, slept } = setup();
    const a = activity.preventSleep(e, 'resource subscription');
    const b = activity.preventSleep(e, 'resource subscription');
    e.lastActivity = clock.now();
    idle.arm(e);
    clock.advance(2 * MIN);
    expect(slept).toEqual([]);
    expect(idle.blockersOf(e)).toEqual(['resource subscription (2)']);
    a.dispose();
    a.dispose();
    expect(idle.blockersOf(e)).toEqual(['resource subscription']);
    b.dispose();
    expect(idle.blockersOf(e)).toEqual([]);
    // Idle for long enough already: it sleeps as soon as the last blocker goes.
    clock.advance(0);
    expect(slept).toEqual(['idle for 60 s']);
  });

  it('never counts down with keepAwake or sleepAfterMs 0', () => {
    const keep = setup({ command: 'node', keepAwake: true });
    keep.idle.arm(keep.e);
    expect(keep.clock.pending()).toEqual([]);
    expect(keep.idle.blockersOf(keep.e)).toEqual(['keepAwake is set']);
    const never = setup({ command: 'node', sleepAfterMs: 0 });
    never.idle.arm(never.e);
    expect(never.idle.blockersOf(never.e)).toEqual(['sleepAfterMs is 0 (never)']);
    const byGateway = setup();
    byGateway.idle.setGatewaySleepAfter(0);
    byGateway.idle.arm(byGateway.e);
    expect(byGateway.clock.pending()).toEqual([]);
  });

  it('only pauses the health pings of an idle remote server', () => {
    const { clock, e, idle, slept, paused } = setup(REMOTE);
    e.lastActivity = clock.now();
    idle.arm(e);
    clock.advance(MIN);
    expect(slept).toEqual([]);
    expect(paused).toEqual(['idle for 60 s; health pings paused until the next request']);
  });
});

describe('wake', () => {
  it('starts a sleeping server once for every request waiting on it', async () => {
    const { e, activity, starts } = setup();
    e.state = 'sleeping';
    e.conn = undefined;
    const first = activity.wake(e, 'woken by a request');
    e.state = 'starting'; // what the start does at once
    const second = activity.wake(e, 'woken by a request');
    await Promise.resolve();
    expect(starts).toEqual(['woken by a request']);
    expect(e.waiters.size).toBe(2);
    const conn = { transport: 'stdio' } as BackendConnection;
    for (const w of e.waiters) {
      w.resolve(conn);
    }
    await expect(Promise.all([first, second])).resolves.toEqual([conn, conn]);
  });

  it('refuses, saying why, when the server will not come up for a request', async () => {
    const { e, activity } = setup();
    e.conn = undefined;
    e.state = 'disabled';
    await expect(activity.wake(e, 'r')).rejects.toMatchObject({ code: 'SERVER_DISABLED' });
    e.state = 'error';
    e.reason = 'circuit open';
    await expect(activity.wake(e, 'r')).rejects.toMatchObject({
      code: 'SERVER_NOT_RUNNING',
      message: expect.stringContaining('state: error — circuit open'),
    });
    expect(e.waiters.size).toBe(0);
  });
});
