import { describe, expect, it } from 'vitest';

import type { EngineEvent } from '../../../src-shared/events.js';
import type { ServerState } from '../../../src-shared/states.js';
import { manualClock } from '../../../test/lib/clock.js';
import { createNotifier, type DesktopNotification } from './notifications.js';

function setup(throttleMs = 600_000) {
  const clock = manualClock();
  const shown: DesktopNotification[] = [];
  const n = createNotifier({ clock, show: (x) => shown.push(x), throttleMs, coalesceMs: 2_000 });
  const state = (server: string, previous: ServerState, next: ServerState, reason = ''): void =>
    n.handle({ type: 'server.state', at: clock.now(), server, previous, state: next, reason } as EngineEvent);
  return { clock, shown, n, state };
}

describe('failure notifications', () => {
  it('announces a crash once, then its recovery; clicking opens that server', () => {
    const { clock, shown, state } = setup();
    state('github', 'running', 'restarting', 'exited with code 1');
    expect(shown).toHaveLength(0);
    clock.advance(2_000);
    expect(shown).toEqual([
      {
        title: 'github failed',
        body: 'github failed and is restarting. exited with code 1',
        server: 'github',
      },
    ]);
    state('github', 'restarting', 'starting');
    state('github', 'starting', 'running');
    expect(shown[1]).toMatchObject({ title: 'github is running again', server: 'github' });
  });

  it('shows at most one failure per server per window', () => {
    const { clock, shown, state } = setup(600_000);
    for (let i = 0; i < 5; i++) {
      state('flaky', 'running', 'restarting');
      clock.advance(2_000);
      state('flaky', 'starting', 'running');
      clock.advance(60_000);
    }
    // One failure and its recovery; the next four crashes fell inside the window.
    expect(shown.map((x) => x.title)).toEqual(['flaky failed', 'flaky is running again']);
    clock.advance(600_000);
    state('flaky', 'running', 'error', 'circuit open after 5 failures');
    clock.advance(2_000);
    expect(shown.at(-1)).toMatchObject({ title: 'flaky stopped after repeated failures', server: 'flaky' });
  });

  it('coalesces a burst across servers into one notification', () => {
    const { clock, shown, state } = setup();
    state('a', 'running', 'restarting');
    state('b', 'running', 'restarting');
    state('c', 'starting', 'restarting');
    state('b', 'restarting', 'error');
    clock.advance(2_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe('3 servers failed');
    expect(shown[0]?.server).toBeUndefined();
    expect(shown[0]?.body.split('\n')).toEqual([
      'a failed and is restarting',
      'b keeps failing and was stopped (circuit open)',
      'c failed and is restarting',
    ]);
  });

  it('stays quiet for user stops, quick recoveries and a stopping gateway', () => {
    const { clock, shown, state, n } = setup();
    state('a', 'running', 'stopped');
    state('a', 'stopped', 'disabled');
    state('b', 'running', 'restarting');
    state('b', 'restarting', 'starting');
    state('b', 'starting', 'running');
    clock.advance(5_000);
    state('c', 'running', 'restarting');
    n.handle({ type: 'gateway.stopping', at: clock.now() });
    clock.advance(5_000);
    expect(shown).toEqual([]);
    expect(clock.pending()).toHaveLength(0);
  });

  it('dispose clears its timer', () => {
    const { clock, state, n } = setup();
    state('a', 'running', 'restarting');
    expect(clock.pending()).toHaveLength(1);
    n.dispose();
    expect(clock.pending()).toHaveLength(0);
  });
});

describe('tool trust notifications', () => {
  it('announces tools held back for review once, and stays quiet after a decision', () => {
    const { shown, n } = setup();
    n.handle({
      type: 'trust.changed',
      at: 1,
      server: 'calc',
      held: 1,
      newlyHeld: ['add'],
      reason: 'listing',
    });
    expect(shown).toEqual([
      {
        title: 'Tool add of calc held back',
        body: 'add changed, is new or look poisoned. Clients do not see it until you review and approve.',
        server: 'calc',
      },
    ]);
    n.handle({ type: 'trust.changed', at: 2, server: 'calc', held: 0, newlyHeld: [], reason: 'approved' });
    n.handle({
      type: 'trust.changed',
      at: 3,
      server: 'web',
      held: 2,
      newlyHeld: ['a', 'b'],
      reason: 'listing',
    });
    expect(shown.map((s) => s.title)).toEqual(['Tool add of calc held back', '2 tools of web held back']);
  });
});
