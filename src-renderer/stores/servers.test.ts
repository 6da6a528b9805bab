import { beforeEach, describe, expect, it } from 'vitest';

import type { ServerSummary } from '../../src-shared/api/schemas.js';
import {
  applyStateEvent,
  byProblem,
  removeServerLocal,
  setServerList,
  sortedServers,
  type StateChange,
  toRow,
  useServers,
} from './servers.js';

function summary(name: string, over: Partial<ServerSummary> = {}): ServerSummary {
  return {
    name,
    state: 'running',
    reason: 'connected',
    transport: 'stdio',
    disabled: false,
    restarts: 0,
    failures: 0,
    tools: 3,
    visibleTools: 3,
    tokens: 100,
    ...over,
  };
}

function change(
  server: string,
  previous: StateChange['previous'],
  state: StateChange['state'],
  at: number,
): StateChange {
  return { type: 'server.state', server, previous, state, reason: `${previous} → ${state}`, at };
}

beforeEach(() => {
  useServers.setState({ loaded: false, byName: {}, details: {}, history: {} });
});

describe('servers store', () => {
  it('derives the live uptime start only for a connected server', () => {
    expect(toRow(summary('a', { uptimeMs: 5_000 }), 60_000).upSince).toBe(55_000);
    expect(toRow(summary('a', { state: 'degraded', uptimeMs: 1_000 }), 60_000).upSince).toBe(59_000);
    expect(toRow(summary('a', { state: 'sleeping', uptimeMs: 1_000 }), 60_000).upSince).toBeUndefined();
  });

  it('moves a row on a state event and keeps its uptime across degraded ⇄ running', () => {
    setServerList([summary('a', { uptimeMs: 1_000 })], 10_000);
    expect(useServers.getState().loaded).toBe(true);
    applyStateEvent(change('a', 'running', 'degraded', 11_000));
    expect(useServers.getState().byName['a']).toMatchObject({
      state: 'degraded',
      since: 11_000,
      upSince: 9_000,
    });
    applyStateEvent(change('a', 'degraded', 'running', 12_000));
    expect(useServers.getState().byName['a']?.upSince).toBe(9_000);
    applyStateEvent(change('a', 'running', 'restarting', 13_000));
    expect(useServers.getState().byName['a']).toMatchObject({
      state: 'restarting',
      restarts: 1,
      upSince: undefined,
    });
    applyStateEvent(change('a', 'restarting', 'starting', 13_500));
    applyStateEvent(change('a', 'starting', 'running', 14_000));
    expect(useServers.getState().byName['a']?.upSince).toBe(14_000);
  });

  it('ignores an event replayed after a reconnect', () => {
    setServerList([summary('a')], 0);
    const e = change('a', 'running', 'restarting', 1_000);
    applyStateEvent(e);
    applyStateEvent({ ...e });
    expect(useServers.getState().history['a']).toHaveLength(1);
    expect(useServers.getState().byName['a']?.restarts).toBe(1);
  });

  it('follows disable and enable, and keeps history for servers not in the list', () => {
    setServerList([summary('a')], 0);
    applyStateEvent(change('a', 'running', 'disabled', 1));
    expect(useServers.getState().byName['a']?.disabled).toBe(true);
    applyStateEvent(change('a', 'disabled', 'starting', 2));
    expect(useServers.getState().byName['a']?.disabled).toBe(false);
    applyStateEvent(change('ghost', 'stopped', 'starting', 3));
    expect(useServers.getState().byName['ghost']).toBeUndefined();
    expect(useServers.getState().history['ghost']).toHaveLength(1);
  });

  it('bounds each server history', () => {
    setServerList([summary('a')], 0);
    for (let i = 0; i < 250; i++) {
      applyStateEvent(
        change('a', i % 2 === 0 ? 'running' : 'degraded', i % 2 === 0 ? 'degraded' : 'running', i),
      );
    }
    const hist = useServers.getState().history['a'] ?? [];
    expect(hist).toHaveLength(200);
    expect(hist[0]?.at).toBe(50);
  });

  it('removes a server locally with its details', () => {
    setServerList([summary('a'), summary('b')], 0);
    removeServerLocal('a');
    expect(Object.keys(useServers.getState().byName)).toEqual(['b']);
  });

  it('sorts by name, or problems first', () => {
    const rows = [
      toRow(summary('c'), 0),
      toRow(summary('a', { state: 'sleeping' }), 0),
      toRow(summary('b', { state: 'error' }), 0),
      toRow(summary('d', { state: 'needs-sign-in' }), 0),
      toRow(summary('e', { state: 'disabled' }), 0),
    ];
    expect(sortedServers(Object.fromEntries(rows.map((r) => [r.name, r]))).map((r) => r.name)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect([...rows].sort(byProblem).map((r) => r.name)).toEqual(['b', 'd', 'c', 'a', 'e']);
  });
});
