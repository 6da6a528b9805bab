// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ApiError } from '../../../src-shared/api/client.js';
import type { ServerSummary } from '../../../src-shared/api/schemas.js';
import { upsertSummary, useServers } from '../../stores/servers.js';
import { recordingLink } from '../../test-support/engine-link.js';
import { useServerDetail } from './use-server-detail.js';

const summary = (since: number): ServerSummary =>
  ({
    name: 'memory',
    state: 'running',
    reason: 'ready',
    transport: 'stdio',
    disabled: false,
    since,
    restarts: 0,
    failures: 0,
    tools: 9,
    visibleTools: 9,
    tokens: 2400,
  }) as ServerSummary;

describe('useServerDetail', () => {
  beforeEach(() => useServers.setState({ loaded: true, byName: {}, details: {} }));
  afterEach(() => cleanup());

  it('fetches the detail, and again when the server changes state (its config may have changed)', async () => {
    let answered = 0;
    // The engine answers with the server as it is now.
    const e = recordingLink(() => ({
      ...summary(useServers.getState().byName['memory']?.since ?? 0),
      config: { command: 'npx', args: [String(++answered)] },
    }));
    upsertSummary(summary(1), 0);
    const { result } = renderHook(() => useServerDetail('memory'), { wrapper: e.wrapper });
    await waitFor(() => expect(result.current.detail?.config).toEqual({ command: 'npx', args: ['1'] }));
    act(() => upsertSummary(summary(2), 0));
    await waitFor(() => expect(result.current.detail?.config).toEqual({ command: 'npx', args: ['2'] }));
    expect(e.sent.map((s) => [s.route, s.input?.params])).toEqual([
      ['servers.get', { name: 'memory' }],
      ['servers.get', { name: 'memory' }],
    ]);
  });

  it('keeps the error of a server the gateway does not know', async () => {
    const e = recordingLink(() => {
      throw new ApiError(404, 'NOT_FOUND', 'no server named "gone"');
    });
    const { result } = renderHook(() => useServerDetail('gone'), { wrapper: e.wrapper });
    await waitFor(() =>
      expect((result.current.error as Error | undefined)?.message).toBe('no server named "gone"'),
    );
    expect(result.current.row).toBeUndefined();
    expect(result.current.loaded).toBe(true);
  });
});
