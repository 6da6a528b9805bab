import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../telemetry/index.js';
import { type Entry, newEntry } from './entry.js';
import { createRestarts, type Restarts } from './restarts.js';
import { settingsReader } from './settings.js';
import { createTransitions } from './transitions.js';

const SETTINGS = {
  backoffInitialMs: 1_000,
  backoffFactor: 2,
  backoffMaxMs: 5_000,
  backoffJitter: 0,
  stableUptimeMs: 30_000,
  circuitMaxFailures: 4,
  circuitWindowMs: 60_000,
  circuitCooldownMs: 600_000,
};

/** A server that has just crashed, and every start the restarts ask for (which fail at once). */
function setup(settings: Partial<typeof SETTINGS> = {}) {
  const clock = manualClock();
  const setState = createTransitions({ clock, log: silentLogger, bus: createEventBus() });
  const starts: string[] = [];
  const e = newEntry('s', { command: 'node' }, { clock, logLines: 50, footprintBytes: undefined });
  const restarts = createRestarts({
    clock,
    settings: settingsReader({ ...SETTINGS, ...settings }),
    random: () => 0.5,
    setState,
    start: (entry, reason) => {
      starts.push(reason);
      setState(entry, 'starting', reason);
      return Promise.resolve();
    },
  });
  setState(e, 'starting', 'added');
  setState(e, 'running', 'connected');
  return { clock, e, starts, restarts };
}

/** The next start fails: the way the supervisor reports it. */
const crash = (r: Restarts, e: Entry) => r.failed(e, 'exit code 1', false);

describe('restarts', () => {
  it('backs off exponentially up to the cap, each restart at exactly its delay', () => {
    const { clock, e, starts, restarts } = setup({ circuitMaxFailures: 50, circuitWindowMs: 600_000 });
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      crash(restarts, e);
      expect(e.state).toBe('restarting');
      const delay = (e.nextAttemptAt as number) - clock.now();
      delays.push(delay);
      clock.advance(delay - 1);
      expect(starts).toHaveLength(i);
      clock.advance(1);
      expect(starts).toHaveLength(i + 1);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(starts[1]).toBe('restart attempt 2 after: exit code 1');
    expect(e.reason).toBe(starts[4]);
    expect(e.lastError).toBe('exit code 1');
    expect(e.ring.recent().map((l) => l.line)).toContain('restart scheduled in 4 s (attempt 3)');
  });

  it('resets the backoff after a run that lasted the stable uptime', () => {
    const { clock, e, restarts } = setup({ circuitMaxFailures: 50 });
    crash(restarts, e);
    clock.advance(1_000);
    crash(restarts, e);
    expect(e.attempt).toBe(2);
    clock.advance(2_000);
    const upSince = clock.now();
    clock.advance(29_999);
    restarts.failed(e, 'exit code 1', false, upSince);
    expect(e.attempt).toBe(3);
    expect((e.nextAttemptAt as number) - clock.now()).toBe(4_000);
    clock.advance(4_000);
    const stableSince = clock.now();
    clock.advance(30_000);
    restarts.failed(e, 'exit code 1', false, stableSince);
    expect(e.attempt).toBe(1);
    expect((e.nextAttemptAt as number) - clock.now()).toBe(1_000);
  });

  it('opens the circuit after too many failures in the window, then tries one probe after the cool-down', () => {
    const { clock, e, starts, restarts } = setup();
    for (let i = 0; i < 3; i += 1) {
      crash(restarts, e);
      clock.advance((e.nextAttemptAt as number) - clock.now());
    }
    crash(restarts, e);
    expect(e.state).toBe('error');
    expect(e.reason).toBe('circuit open after 4 failures in 60 s — last: exit code 1');
    expect(e.nextAttemptAt).toBe(clock.now() + 600_000);
    expect(starts).toHaveLength(3);
    clock.advance(599_999);
    expect(starts).toHaveLength(3);
    clock.advance(1);
    expect(starts[3]).toBe('cool-down probe after the circuit was open');
    expect(e.probing).toBe(true);
    // A failed probe opens it again at once, without backoff.
    crash(restarts, e);
    expect(e.state).toBe('error');
    expect(e.probing).toBe(false);
    expect(e.reason).toMatch(/^circuit open after 1 failures in 60 s/);
  });

  it('forgets failures that left the window', () => {
    const { clock, e, restarts } = setup();
    for (let i = 0; i < 3; i += 1) {
      crash(restarts, e);
      clock.advance(30_000);
    }
    crash(restarts, e);
    expect(e.state).toBe('restarting');
    expect(e.failureTimes).toHaveLength(2);
  });

  it('goes straight to error for a failure a restart cannot fix, with that reason', () => {
    const { clock, e, starts, restarts } = setup();
    restarts.failed(e, 'command not found: nodee', true);
    expect(e.state).toBe('error');
    expect(e.reason).toBe('command not found: nodee');
    expect(clock.pending()).toEqual([600_000]);
    expect(starts).toEqual([]);
  });

  it('lets a timer from an older generation do nothing', () => {
    const { clock, e, starts, restarts } = setup();
    crash(restarts, e);
    e.generation += 1; // a user action or stop came in between
    clock.advance(10_000);
    expect(starts).toEqual([]);
    restarts.failed(e, 'command not found: nodee', true);
    e.generation += 1;
    clock.advance(600_000);
    expect(starts).toEqual([]);
  });
});
