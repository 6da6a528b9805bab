import { describe, expect, it } from 'vitest';

import type { EngineEvent } from '../../src-shared/events.js';
import { useProblems } from '../stores/problems.js';
import { applyEvent, eventProblem, eventRefreshes, parseEvent } from './engine-events.js';

const crash: EngineEvent = {
  type: 'server.state',
  at: 5,
  server: 'memory',
  previous: 'running',
  state: 'restarting',
  reason: 'exited with code 1',
};

describe('engine events', () => {
  it('parses the stream data of a known event and ignores anything else', () => {
    expect(parseEvent(JSON.stringify(crash))).toEqual(crash);
    expect(parseEvent('{"type":"no.such.event","at":1}')).toBeUndefined();
    expect(parseEvent('not json')).toBeUndefined();
  });

  it('reports crashes, failed calls, config errors and held tools as problems', () => {
    expect(eventProblem(crash)).toMatchObject({
      id: 'state-memory-5',
      kind: 'server',
      title: 'memory crashed and is restarting',
      detail: 'exited with code 1',
    });
    expect(eventProblem({ ...crash, state: 'error' })?.title).toBe('memory stopped after repeated failures');
    expect(eventProblem({ ...crash, state: 'running' })).toBeUndefined();
    const call = { id: 'c1', at: 7, server: 'kg', tool: 'read', client: 'x', durationMs: 1, ok: false };
    expect(eventProblem({ type: 'call.finished', at: 7, call })).toMatchObject({
      id: 'call-c1',
      kind: 'call',
      title: 'Call to kg · read failed',
      detail: 'no details',
    });
    expect(eventProblem({ type: 'call.finished', at: 7, call: { ...call, ok: true } })).toBeUndefined();
    const configError = { type: 'config.error', at: 9, path: '/c.json', message: 'bad', line: 3 } as const;
    expect(eventProblem(configError)?.detail).toBe('bad (line 3)');
    expect(eventProblem({ ...configError, column: 4 })?.detail).toBe('bad (line 3, column 4)');
    expect(eventProblem({ type: 'config.error', at: 9, path: '/c.json' })?.detail).toBe(
      'the config file could not be read',
    );
    const trust = { type: 'trust.changed', at: 2, server: 'calc', held: 2, reason: 'listing' } as const;
    expect(eventProblem({ ...trust, newlyHeld: ['add', 'mul'] })?.title).toBe(
      '2 tool(s) of calc held back for review',
    );
    expect(eventProblem({ ...trust, newlyHeld: [] })).toBeUndefined();
  });

  it('names the snapshots each event makes stale', () => {
    expect(eventRefreshes(crash)).toEqual(['servers', 'health']);
    expect(eventRefreshes({ type: 'server.removed', at: 1, server: 'a', source: 'api' })).toContain('tools');
    expect(eventRefreshes({ type: 'config.reloaded', at: 1, path: '/c' })).toContain('settings');
    expect(eventRefreshes({ type: 'gateway.paused', at: 1 })).toEqual(['health']);
    expect(eventRefreshes({ type: 'gateway.stopping', at: 1 })).toEqual([]);
  });

  it('applies an event to the stores and asks for the stale snapshots', () => {
    const asked: string[][] = [];
    applyEvent({ type: 'config.error', at: 11, path: '/c.json', message: 'oops', line: 2 }, (w) =>
      asked.push(w),
    );
    expect(useProblems.getState().configProblem).toEqual({ message: 'oops', line: 2, column: undefined });
    expect(useProblems.getState().problems[0]?.id).toBe('config-11');
    expect(asked).toEqual([]);
    applyEvent({ type: 'config.reloaded', at: 12, path: '/c.json' }, (w) => asked.push(w));
    expect(useProblems.getState().configProblem).toBeUndefined();
    expect(asked).toEqual([['servers', 'tools', 'settings', 'context', 'health']]);
  });
});
