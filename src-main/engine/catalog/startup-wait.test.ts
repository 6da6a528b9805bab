import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { createStartupWait } from './startup-wait.js';

const stateEvent = (at: number) =>
  ({ type: 'server.state', at, server: 'a', state: 'running', previous: 'starting', reason: '' }) as const;

describe('start-up wait', () => {
  it('resolves at once when nothing is pending', async () => {
    const clock = manualClock();
    const wait = createStartupWait({ clock, bus: createEventBus(), pending: () => false });
    await wait();
    expect(clock.pending()).toEqual([]);
  });

  it('waits for the state change after which nothing is pending, and lets go of its timer', async () => {
    const clock = manualClock();
    const bus = createEventBus();
    let starting = true;
    const wait = createStartupWait({ clock, bus, pending: () => starting });
    let done = false;
    const p = wait().then(() => (done = true));
    expect(clock.pending()).toEqual([8_000]);
    bus.emit(stateEvent(clock.now())); // still pending: keeps waiting
    await Promise.resolve();
    expect(done).toBe(false);
    starting = false;
    bus.emit(stateEvent(clock.now()));
    await p;
    expect(clock.pending()).toEqual([]);
  });

  it('gives up after its bound, and after the start-up window does not wait at all', async () => {
    const clock = manualClock();
    const wait = createStartupWait({ clock, bus: createEventBus(), pending: () => true });
    const p = wait();
    clock.advance(8_000);
    await p;
    // Late in the window the bound shrinks to what is left of it.
    clock.advance(20_000);
    const late = wait();
    expect(clock.pending()).toEqual([2_000]);
    clock.advance(2_000);
    await late;
    clock.advance(1);
    await wait();
    expect(clock.pending()).toEqual([]);
  });
});
