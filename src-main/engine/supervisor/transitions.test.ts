import { describe, expect, it } from 'vitest';

import type { EventOf } from '../../../src-shared/events.js';
import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { createLogger } from '../telemetry/index.js';
import { createConnectionListeners } from './connection-listeners.js';
import { newEntry } from './entry.js';
import { createTransitions } from './transitions.js';

function setup() {
  const clock = manualClock();
  const bus = createEventBus();
  const events: Array<EventOf<'server.state'>> = [];
  bus.on((e) => {
    if (e.type === 'server.state') {
      events.push(e);
    }
  });
  const lines: string[] = [];
  const log = createLogger({ level: 'error', format: 'json', write: (l) => lines.push(l) });
  const setState = createTransitions({ clock, log, bus });
  const e = newEntry('s', { command: 'node' }, { clock, logLines: 10, footprintBytes: undefined });
  return { clock, events, lines, setState, e };
}

describe('server state transitions', () => {
  it('moves the state, stamps since on the clock and announces it with its reason', () => {
    const { clock, events, lines, setState, e } = setup();
    clock.advance(250);
    setState(e, 'starting', 'added');
    expect(e).toMatchObject({ state: 'starting', reason: 'added', since: clock.now() });
    expect(events).toEqual([
      {
        type: 'server.state',
        at: clock.now(),
        server: 's',
        state: 'starting',
        previous: 'stopped',
        reason: 'added',
      },
    ]);
    expect(lines).toEqual([]);
  });

  it('only updates the reason when the state stays the same', () => {
    const { clock, events, setState, e } = setup();
    setState(e, 'starting', 'added');
    const since = e.since;
    clock.advance(1_000);
    setState(e, 'starting', 'still starting');
    expect(e.reason).toBe('still starting');
    expect(e.since).toBe(since);
    expect(events).toHaveLength(1);
  });

  it('keeps the next attempt only in restarting and error', () => {
    const { setState, e } = setup();
    setState(e, 'starting', 'added');
    setState(e, 'restarting', 'crashed');
    e.nextAttemptAt = 5;
    setState(e, 'error', 'circuit open');
    expect(e.nextAttemptAt).toBe(5);
    setState(e, 'starting', 'probe');
    expect(e.nextAttemptAt).toBeUndefined();
  });

  it('logs an error for a transition the table does not allow, and still shows the truth', () => {
    const { events, lines, setState, e } = setup();
    setState(e, 'running', 'out of nowhere');
    expect(e.state).toBe('running');
    expect(events.map((ev) => ev.state)).toEqual(['running']);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'error',
      msg: 'invalid server state transition',
      from: 'stopped',
      to: 'running',
    });
  });
});

describe('connection listeners', () => {
  it('tells every listener, logs one that throws, and forgets a disposed one', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'error', format: 'json', write: (l) => lines.push(l) });
    const listeners = createConnectionListeners(log);
    const seen: string[] = [];
    listeners.add(() => {
      throw new Error('broken listener');
    });
    const second = listeners.add((name, conn) => seen.push(`${name}:${conn === undefined ? 'down' : 'up'}`));
    listeners.notify('s', undefined);
    expect(seen).toEqual(['s:down']);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ msg: 'connection listener failed', server: 's' });
    second.dispose();
    listeners.notify('s', undefined);
    expect(seen).toEqual(['s:down']);
  });
});
