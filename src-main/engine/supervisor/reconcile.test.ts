import { describe, expect, it } from 'vitest';

import { GatewayConfigSchema, type ServerConfig } from '../../../src-shared/config.js';
import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../telemetry/index.js';
import { type Entry, newEntry } from './entry.js';
import { createIdleCountdown } from './idle.js';
import { reconcile, type ReconcileDeps } from './reconcile.js';
import { createTransitions } from './transitions.js';

/** Reconciling with starts, stops and restarts recorded (each one settles the state it asks for). */
function setup(cached: string[] = []) {
  const clock = manualClock();
  const setState = createTransitions({ clock, log: silentLogger, bus: createEventBus() });
  const actions: string[] = [];
  const idle = createIdleCountdown({
    clock,
    isClosed: () => false,
    health: { pause: () => undefined },
    sleep: async () => undefined,
  });
  const armed: string[] = [];
  const deps: ReconcileDeps = {
    entries: new Map<string, Entry>(),
    newEntry: (name, config) => newEntry(name, config, { clock, logLines: 10, footprintBytes: undefined }),
    setState,
    start: async (e, reason) => {
      actions.push(`start ${e.name}: ${reason}`);
      setState(e, 'starting', reason);
      setState(e, 'running', 'connected');
    },
    stopping: {
      stop: async (e, to, reason) => {
        actions.push(`${to} ${e.name}: ${reason}`);
        setState(e, to, reason);
      },
      restartNow: async (e, reason) => void actions.push(`restart ${e.name}: ${reason}`),
    },
    idle: { ...idle, arm: (e) => void armed.push(e.name) },
    sleepCache: {
      has: (name) => cached.includes(name),
      footprint: () => undefined,
      setFootprint: () => undefined,
    },
  };
  const apply = async (servers: Record<string, ServerConfig>, sleepAfterMs = 60_000) => {
    actions.length = 0;
    armed.length = 0;
    await reconcile(deps, GatewayConfigSchema.parse({ gateway: { sleepAfterMs }, mcpServers: servers }));
  };
  const state = (name: string) => deps.entries.get(name)?.state;
  return { deps, actions, armed, apply, state };
}

const node = (extra: Partial<ServerConfig> = {}): ServerConfig => ({
  command: 'node',
  args: ['a.js'],
  ...extra,
});

describe('reconciling with the config', () => {
  it('starts new servers, lists cached ones asleep, keeps disabled ones disabled', async () => {
    const { actions, apply, state } = setup(['cached']);
    await apply({ fresh: node(), cached: node(), off: node({ disabled: true }) });
    expect(actions).toEqual(['start fresh: added', 'disabled off: disabled in the config']);
    expect(state('cached')).toBe('sleeping');
    expect(state('fresh')).toBe('running');
  });

  it('stops removed servers, restarts changed ones with a fresh backoff, follows disable and enable', async () => {
    const { deps, actions, armed, apply, state } = setup();
    await apply({ a: node(), b: node(), c: node() });
    const a = deps.entries.get('a') as Entry;
    a.failureTimes = [1, 2];
    a.attempt = 3;
    await apply({ a: node({ args: ['b.js'] }), b: node({ disabled: true }) });
    expect(actions).toEqual([
      'stopped c: removed from the config',
      'restart a: config changed',
      'disabled b: user disabled',
    ]);
    expect(deps.entries.has('c')).toBe(false);
    expect([a.failureTimes, a.attempt]).toEqual([[], 0]);
    await apply({ a: node({ args: ['b.js'] }), b: node() });
    expect(actions).toEqual(['start b: user enabled']);
    expect(state('b')).toBe('running');
    // Nothing changed for a: only its idle countdown is re-armed (sleepAfterMs may have changed).
    expect(armed).toEqual(['a']);
  });

  it('starts a sleeping server when sleep is switched off, and a stopped one again', async () => {
    const { deps, actions, apply, state } = setup(['s', 'k']);
    await apply({ s: node(), k: node() });
    expect([state('s'), state('k')]).toEqual(['sleeping', 'sleeping']);
    (deps.entries.get('k') as Entry).state = 'stopped';
    await apply({ s: node(), k: node() }, 0);
    expect(actions).toEqual(['start s: sleep switched off', 'start k: started']);
  });
});
