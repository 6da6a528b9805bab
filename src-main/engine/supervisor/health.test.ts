import { setImmediate as turn } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../telemetry/index.js';
import type { BackendConnection } from '../types.js';
import { newEntry } from './entry.js';
import { createHealthPings } from './health.js';
import { settingsReader } from './settings.js';
import { createTransitions } from './transitions.js';

type Answer = 'ok' | 'timeout' | 'error';

/** A connection whose health checks answer as scripted, counting which method was used. */
function connection(era: 'legacy' | 'modern', answers: Answer[]) {
  const calls: string[] = [];
  let closed = 0;
  const answer = async (method: string) => {
    calls.push(method);
    const next = answers.shift() ?? 'ok';
    if (next === 'timeout') {
      throw new Error('Request timed out');
    }
    if (next === 'error') {
      throw new Error('connection reset');
    }
    return {};
  };
  const conn = {
    era,
    transport: 'stdio',
    client: { ping: () => answer('ping'), discover: () => answer('discover') },
    close: async () => void (closed += 1),
  } as unknown as BackendConnection;
  return { conn, calls, closed: () => closed };
}

function setup(era: 'legacy' | 'modern', answers: Answer[]) {
  const clock = manualClock();
  const setState = createTransitions({ clock, log: silentLogger, bus: createEventBus() });
  const e = newEntry('s', { command: 'node' }, { clock, logLines: 50, footprintBytes: undefined });
  const c = connection(era, answers);
  setState(e, 'starting', 'added');
  setState(e, 'running', 'connected');
  e.conn = c.conn;
  e.startedAt = clock.now();
  const failures: Array<[string, number | undefined]> = [];
  const notified: Array<BackendConnection | undefined> = [];
  const health = createHealthPings({
    clock,
    settings: settingsReader({ pingIntervalMs: 1_000, pingTimeoutMs: 500, pingFailures: 2 }),
    isClosed: () => false,
    setState,
    notify: (_name, conn) => notified.push(conn),
    failed: (_e, reason, _attention, upSince) => void failures.push([reason, upSince]),
  });
  /** One interval passes and the ping it fires is answered. */
  const interval = async () => {
    clock.advance(1_000);
    await turn();
  };
  return { clock, e, c, health, failures, notified, interval };
}

describe('health pings', () => {
  it('degrades after pingFailures misses, and one answer makes it running again', async () => {
    const { e, c, health, interval } = setup('legacy', ['timeout', 'error', 'ok']);
    health.schedule(e, e.generation);
    await interval();
    expect(e.state).toBe('running');
    await interval();
    expect(e.state).toBe('degraded');
    expect(e.reason).toBe('ping failed (connection reset) 2×');
    await interval();
    expect(e.state).toBe('running');
    expect(e.reason).toBe('ping answered again after 2 failures');
    expect(e.pingFailures).toBe(0);
    expect(c.calls).toEqual(['ping', 'ping', 'ping']);
    expect(e.ring.recent().map((l) => l.line)).toEqual([
      'ping timed out 1×',
      'ping failed (connection reset) 2×',
    ]);
  });

  it('checks a modern server with server/discover', async () => {
    const { e, c, health, interval } = setup('modern', []);
    health.schedule(e, e.generation);
    await interval();
    await interval();
    expect(c.calls).toEqual(['discover', 'discover']);
  });

  it('after twice pingFailures misses drops the connection and counts a failure', async () => {
    const { clock, e, c, health, failures, notified, interval } = setup('legacy', Array(4).fill('timeout'));
    const upSince = e.startedAt;
    const gen = e.generation;
    health.schedule(e, gen);
    for (let i = 0; i < 4; i += 1) {
      await interval();
    }
    expect(failures).toEqual([['ping timed out 4×', upSince]]);
    expect(e.conn).toBeUndefined();
    expect(e.generation).toBe(gen + 1);
    expect(e.restarts).toBe(1);
    expect(notified).toEqual([undefined]);
    expect(c.closed()).toBe(1);
    expect(e.ring.recent().at(-1)?.line).toBe('ping timed out 4×; restarting');
    expect(clock.pending()).toEqual([]);
  });

  it('pauses while idle and resumes on the next request; an older generation stops pinging', async () => {
    const { clock, e, c, health, interval } = setup('legacy', []);
    health.schedule(e, e.generation);
    health.pause(e, 'idle for 60 s; health pings paused until the next request');
    expect(clock.pending()).toEqual([]);
    await interval();
    expect(c.calls).toEqual([]);
    health.resume(e);
    expect(e.reason).toBe('active again; health pings resumed');
    await interval();
    expect(c.calls).toEqual(['ping']);
    e.generation += 1;
    await interval();
    expect(c.calls).toEqual(['ping']);
    expect(clock.pending()).toEqual([]);
  });
});
