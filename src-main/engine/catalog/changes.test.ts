import { describe, expect, it } from 'vitest';

import type { EngineEvent } from '../../../src-shared/events.js';
import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { CHANGE_DEBOUNCE_MS, createChangeFeed, type ListChange } from './changes.js';

function feed() {
  const clock = manualClock(1_000);
  const bus = createEventBus();
  const events: EngineEvent[] = [];
  bus.on((e) => events.push(e));
  let counts = { tools: 0, resources: 0, prompts: 0 };
  const changes = createChangeFeed({ clock, bus, counts: () => counts });
  const servers: string[][] = [];
  const kinds: ListChange[] = [];
  changes.onChanged((s) => servers.push(s));
  changes.onListChanged((c) => kinds.push(c));
  return {
    clock,
    changes,
    events,
    servers,
    kinds,
    setCounts: (c: typeof counts) => (counts = c),
  };
}

describe('createChangeFeed', () => {
  it('announces a burst of changes once, with every server and kind in it', () => {
    const f = feed();
    f.changes.schedule('a', { tools: true });
    f.changes.schedule('b', { prompts: true });
    f.changes.schedule('a', { tools: true });
    expect(f.clock.pending()).toHaveLength(1);
    f.clock.advance(CHANGE_DEBOUNCE_MS - 1);
    expect(f.events).toEqual([]);
    f.setCounts({ tools: 3, resources: 0, prompts: 1 });
    f.clock.advance(1);
    expect(f.events).toEqual([
      {
        type: 'catalog.changed',
        at: 1_000 + CHANGE_DEBOUNCE_MS,
        servers: ['a', 'b'],
        tools: 3,
        resources: 0,
        prompts: 1,
      },
    ]);
    expect(f.servers).toEqual([['a', 'b']]);
    expect(f.kinds).toEqual([{ tools: true, resources: false, prompts: true }]);
  });

  it('starts a new announcement for changes after the last one', () => {
    const f = feed();
    f.changes.schedule('a', { resources: true });
    f.clock.advance(CHANGE_DEBOUNCE_MS);
    f.changes.schedule('b', { tools: true });
    f.clock.advance(CHANGE_DEBOUNCE_MS);
    expect(f.servers).toEqual([['a'], ['b']]);
    expect(f.kinds).toEqual([
      { tools: false, resources: true, prompts: false },
      { tools: true, resources: false, prompts: false },
    ]);
  });

  it('stops telling a listener that was disposed', () => {
    const f = feed();
    const late: string[][] = [];
    const sub = f.changes.onChanged((s) => late.push(s));
    sub.dispose();
    f.changes.schedule('a', { tools: true });
    f.clock.advance(CHANGE_DEBOUNCE_MS);
    expect(late).toEqual([]);
    expect(f.servers).toEqual([['a']]);
  });

  it('leaves no timer behind once closed, and ignores later changes', () => {
    const f = feed();
    f.changes.schedule('a', { tools: true });
    f.changes.close();
    expect(f.clock.pending()).toHaveLength(0);
    f.changes.schedule('b', { tools: true });
    expect(f.clock.pending()).toHaveLength(0);
    f.clock.advance(CHANGE_DEBOUNCE_MS);
    expect(f.events).toEqual([]);
  });
});
