import { beforeEach, describe, expect, it } from 'vitest';

import type { CallRecord, LogLine } from '../../src-shared/events.js';
import { addCall, setCalls, useCalls } from './calls.js';
import { visibleClients } from './clients.js';
import { appendLogs, setLogLive, useLogs } from './logs.js';
import { addProblem, useProblems } from './problems.js';

const line = (seq: number): LogLine => ({ seq, at: seq, server: 'a', stream: 'stderr', line: `line ${seq}` });
const call = (id: string): CallRecord =>
  ({ id, at: 1, server: 's', tool: 't', durationMs: 1, ok: true }) as CallRecord;

beforeEach(() => {
  useLogs.setState({ lines: {}, live: {} });
  useCalls.setState({ loaded: false, calls: [] });
  useProblems.setState({ problems: [], configProblem: undefined });
});

describe('logs store', () => {
  it('appends only lines newer than the last one (a replay after reconnect overlaps)', () => {
    appendLogs('a', [line(1), line(2)]);
    appendLogs('a', [line(2), line(3)]);
    appendLogs('a', []);
    expect(useLogs.getState().lines['a']?.map((l) => l.seq)).toEqual([1, 2, 3]);
  });

  it('keeps at most 5,000 lines per server', () => {
    appendLogs(
      'a',
      Array.from({ length: 5_100 }, (_, i) => line(i)),
    );
    const lines = useLogs.getState().lines['a'] ?? [];
    expect(lines).toHaveLength(5_000);
    expect(lines[0]?.seq).toBe(100);
  });

  it('tracks whether each server stream is live', () => {
    setLogLive('a', true);
    setLogLive('b', false);
    expect(useLogs.getState().live).toEqual({ a: true, b: false });
  });
});

describe('calls store', () => {
  it('adds each call once and keeps the newest 2,000', () => {
    setCalls([call('x')]);
    addCall(call('x'));
    addCall(call('y'));
    expect(useCalls.getState().calls.map((c) => c.id)).toEqual(['x', 'y']);
    setCalls(Array.from({ length: 2_100 }, (_, i) => call(String(i))));
    expect(useCalls.getState().calls).toHaveLength(2_000);
    expect(useCalls.getState().calls[0]?.id).toBe('100');
  });
});

describe('problems store', () => {
  it('puts the newest first, replaces one with the same id, and keeps 50', () => {
    const p = (id: string, title = id) => ({
      id,
      at: 0,
      kind: 'server' as const,
      server: 's',
      title,
      detail: '',
    });
    addProblem(p('a'));
    addProblem(p('b'));
    addProblem(p('a', 'again'));
    expect(useProblems.getState().problems.map((x) => x.title)).toEqual(['again', 'b']);
    for (let i = 0; i < 60; i++) {
      addProblem(p(`n${i}`));
    }
    expect(useProblems.getState().problems).toHaveLength(50);
    expect(useProblems.getState().problems[0]?.id).toBe('n59');
  });
});

describe('clients store', () => {
  it('shows installed clients, clients with a config file and connected ones only', () => {
    const c = (id: string, installed: boolean, hasConfig: boolean, connected: boolean) => ({
      id,
      installed,
      hasConfig,
      connected,
    });
    const detect = {
      clients: [
        c('a', true, false, false),
        c('b', false, true, false),
        c('c', false, false, true),
        c('d', false, false, false),
      ],
      servers: [],
    };
    expect(visibleClients(detect as never).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(visibleClients(undefined)).toEqual([]);
  });
});
