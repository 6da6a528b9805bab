// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ServerDetail } from '../../../src-shared/api/schemas.js';
import { setServerDetail, useServers } from '../../stores/servers.js';
import { recordingLink } from '../../test-support/engine-link.js';
import { useToolLimits } from './use-tool-limits.js';

const detail = (tools: Record<string, unknown> | undefined): ServerDetail =>
  ({
    name: 'memory',
    state: 'running',
    reason: 'ready',
    transport: 'stdio',
    disabled: false,
    restarts: 0,
    failures: 0,
    tools: 9,
    visibleTools: 9,
    tokens: 2400,
    config: { command: 'npx', ...(tools !== undefined ? { tools } : {}) },
  }) as ServerDetail;

const figures = (visibleTools: number, tokens: number) => ({
  servers: [{ name: 'memory', tools: 9, visibleTools, tokens }],
});

function engine() {
  return recordingLink((route, input) => {
    if (route === 'context.preview') {
      const body = input?.body as { servers: { memory: { maxTools?: number } } };
      const max = body.servers.memory.maxTools ?? 9;
      return { current: figures(9, 2400), proposed: figures(max, max * 100) };
    }
    if (route === 'servers.update') {
      const body = input?.body as { tools: Record<string, unknown> | null };
      return detail(body.tools ?? undefined);
    }
    throw new Error(`unexpected ${route}`);
  });
}

describe('useToolLimits', () => {
  beforeEach(() => useServers.setState({ details: {}, byName: {} }));
  afterEach(() => cleanup());

  it('shows nothing until the server detail is there, then the stored limits', () => {
    const e = engine();
    const { result } = renderHook(() => useToolLimits('memory'), { wrapper: e.wrapper });
    expect(result.current.loaded).toBe(false);
    act(() => setServerDetail(detail({ deny: ['delete_*'], maxTools: 5 }), 0));
    expect(result.current.loaded).toBe(true);
    expect(result.current.form).toEqual({ deny: 'delete_*', allow: '', maxTools: '5', maxTokens: '' });
    expect(result.current.dirty).toBe(false);
  });

  it('previews a change once typing stops, and never an invalid one', async () => {
    const e = engine();
    setServerDetail(detail(undefined), 0);
    const { result } = renderHook(() => useToolLimits('memory'), { wrapper: e.wrapper });
    act(() => result.current.setForm({ ...result.current.form, maxTools: 'x' }));
    expect(result.current.bad).toBe(true);
    act(() => result.current.setForm({ ...result.current.form, maxTools: '3' }));
    act(() => result.current.setForm({ ...result.current.form, maxTools: '2' }));
    await waitFor(() =>
      expect(result.current.effect).toBe('Clients would see 2 of 9 tools (200 tokens, now 2,400).'),
    );
    expect(e.sent.map((s) => s.route)).toEqual(['context.preview']);
    expect(e.sent[0]?.input?.body).toEqual({ servers: { memory: { maxTools: 2 } } });
    act(() => result.current.discard());
    expect(result.current.dirty).toBe(false);
    expect(result.current.effect).toBeUndefined();
  });

  it('saves the controls, removes them all when every field is emptied, and refreshes what they change', async () => {
    const e = engine();
    setServerDetail(detail({ allow: ['read_*'] }), 0);
    const { result } = renderHook(() => useToolLimits('memory'), { wrapper: e.wrapper });
    act(() => result.current.setForm({ ...result.current.form, maxTokens: '900' }));
    await act(() => result.current.save());
    const update = e.sent.find((s) => s.route === 'servers.update');
    expect(update?.input).toEqual({
      params: { name: 'memory' },
      body: { tools: { allow: ['read_*'], maxTokens: 900 } },
    });
    expect(e.refreshed).toEqual([['tools', 'servers', 'context']]);
    expect(useServers.getState().details['memory']?.config['tools']).toEqual({
      allow: ['read_*'],
      maxTokens: 900,
    });
    expect(result.current.dirty).toBe(false);
    act(() => result.current.setForm({ deny: '', allow: '', maxTools: '', maxTokens: '' }));
    await act(() => result.current.save());
    expect(e.sent.filter((s) => s.route === 'servers.update').at(-1)?.input?.body).toEqual({ tools: null });
  });
});
