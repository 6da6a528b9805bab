import { describe, expect, it } from 'vitest';

import type { CallRecord } from '../../../src-shared/events.js';
import {
  activityHash,
  type CallFilter,
  clientOptions,
  failureText,
  filterCalls,
  filterFromQuery,
  isBad,
  profileOptions,
} from './filters.js';

function call(id: string, over: Partial<CallRecord> = {}): CallRecord {
  return { id, at: 1, server: 'memory', tool: 'read', client: 'cursor', durationMs: 3, ok: true, ...over };
}

const calls = [
  call('1'),
  call('2', { server: 'gh', tool: 'list_issues', client: 'zed', profile: 'coding' }),
  call('3', { ok: false, error: 'Timed out' }),
  call('4', { isError: true, client: 'ci-agent' }),
];
const none: CallFilter = { q: '', server: '', client: '', profile: '', result: 'all' };
const ids = (f: Partial<CallFilter>) => filterCalls(calls, { ...none, ...f }).map((c) => c.id);

describe('activity filters', () => {
  it('lists every call newest first without filters', () => {
    expect(ids({})).toEqual(['4', '3', '2', '1']);
  });

  it('filters by server, client, profile and result', () => {
    expect(ids({ server: 'gh' })).toEqual(['2']);
    expect(ids({ client: 'cursor' })).toEqual(['3', '1']);
    expect(ids({ profile: 'coding' })).toEqual(['2']);
    expect(ids({ result: 'error' })).toEqual(['4', '3']);
    expect(ids({ result: 'ok' })).toEqual(['2', '1']);
  });

  it('matches text in the tool, the client or the error, in any case', () => {
    expect(ids({ q: 'ISSUES' })).toEqual(['2']);
    expect(ids({ q: 'agent' })).toEqual(['4']);
    expect(ids({ q: 'timed' })).toEqual(['3']);
  });

  it('says why a call failed', () => {
    expect(isBad(calls[0] as CallRecord)).toBe(false);
    expect(failureText(calls[2] as CallRecord)).toBe('Timed out');
    expect(failureText(calls[3] as CallRecord)).toBe('tool error');
    expect(failureText(call('5', { ok: false }))).toBe('failed');
  });

  it('offers every client and profile once, with the chosen one even before it is seen', () => {
    expect(clientOptions(calls, ['notes-agent', 'zed'], 'later')).toEqual([
      'ci-agent',
      'cursor',
      'later',
      'notes-agent',
      'zed',
    ]);
    expect(clientOptions([], [], '')).toEqual([]);
    expect(profileOptions(['default', 'coding'], 'gone')).toEqual(['default', 'coding', 'gone']);
    expect(profileOptions(['default'], 'default')).toEqual(['default']);
  });

  it('keeps client and profile in the address', () => {
    expect(activityHash('', '')).toBe('#/activity');
    expect(activityHash('my agent', 'coding')).toBe('#/activity?client=my+agent&profile=coding');
    expect(filterFromQuery('#/activity?client=my+agent&profile=coding', 'client')).toBe('my agent');
    expect(filterFromQuery('#/activity?client=x', 'profile')).toBe('');
    expect(filterFromQuery('#/activity', 'client')).toBe('');
  });
});
