import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { useProblems } from '../stores/problems.js';
import { ApiError, GatewayUnreachableError } from './client.js';
import { createRefresher, loadProblem } from './refresher.js';

describe('loadProblem', () => {
  it('stays quiet while the gateway is away and for an engine without the context report', () => {
    expect(
      loadProblem('tools', new GatewayUnreachableError('http://127.0.0.1:1', 'down'), 1),
    ).toBeUndefined();
    const notFound = new ApiError(404, 'NOT_FOUND', 'no route');
    expect(loadProblem('context', notFound, 1)).toBeUndefined();
    expect(loadProblem('trust', notFound, 1)).toBeUndefined();
    expect(loadProblem('tools', notFound, 1)).toMatchObject({
      id: 'load-tools-1',
      title: 'Could not load tools',
    });
    expect(loadProblem('calls', 'boom', 2)).toMatchObject({ kind: 'config', detail: 'boom' });
  });
});

describe('createRefresher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function loader(fail = false) {
    const calls: string[] = [];
    const load = async (what: string): Promise<void> => {
      calls.push(what);
      if (fail) {
        throw new Error('refused');
      }
    };
    return { load, calls };
  }

  it('collapses a burst of refreshes into one fetch per snapshot', async () => {
    const { load, calls } = loader();
    const r = createRefresher(load);
    r.refresh(['sessions', 'tools']);
    r.refresh(['sessions']);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toEqual(['sessions', 'tools']);
    r.refresh(['tools']);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toEqual(['sessions', 'tools', 'tools']);
    r.close();
  });

  it('reports a fetch that fails, and close drops what is pending', async () => {
    const { load, calls } = loader(true);
    const r = createRefresher(load);
    r.refresh(['sessions']);
    await vi.advanceTimersByTimeAsync(200);
    expect(useProblems.getState().problems[0]).toMatchObject({
      title: 'Could not load sessions',
      detail: 'refused',
    });
    r.refresh(['sessions']);
    r.close();
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(1);
  });
});
