// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { useConnection } from '../../stores/connection.js';
import { useSettings } from '../../stores/settings.js';
import { recordingLink } from '../../test-support/engine-link.js';
import { useNetworkSettings } from './use-network-settings.js';

type Settings = NonNullable<ReturnType<typeof useSettings.getState>['settings']>;
type Health = NonNullable<ReturnType<typeof useConnection.getState>['health']>;
const settings = (host: string, port: number) => ({ host, port }) as unknown as Settings;

function engine() {
  return recordingLink((route, input) => {
    if (route !== 'settings.update') {
      throw new Error(`unexpected ${route}`);
    }
    const body = input?.body as { host: string; port: number };
    return { settings: settings(body.host, body.port), restartRequired: ['port'] };
  });
}

describe('useNetworkSettings', () => {
  beforeEach(() => {
    sessionStorage.clear();
    useSettings.setState({ settings: settings('127.0.0.1', 7411), restartRequired: [] });
    useConnection.setState({ apiBase: 'http://127.0.0.1:7411', health: { startedAt: 1 } as Health });
  });
  afterEach(() => cleanup());

  it('shows the saved address and where the gateway listens now', () => {
    const { result } = renderHook(() => useNetworkSettings(), { wrapper: engine().wrapper });
    expect([result.current.hostValue, result.current.portValue, result.current.live]).toEqual([
      '127.0.0.1',
      '7411',
      '127.0.0.1:7411',
    ]);
    expect(result.current.changed).toBe(false);
    expect(result.current.pending).toEqual([]);
  });

  it('sends nothing for a port that is not one', async () => {
    const e = engine();
    const { result } = renderHook(() => useNetworkSettings(), { wrapper: e.wrapper });
    act(() => result.current.setPort('70000'));
    expect(result.current.portError).toBe('A port is a whole number from 0 to 65535 (0 picks a free one).');
    await act(() => result.current.save());
    expect(e.sent).toEqual([]);
  });

  it('saves host and port, and remembers what waits for a restart across a reload of this engine', async () => {
    const e = engine();
    const { result, unmount } = renderHook(() => useNetworkSettings(), { wrapper: e.wrapper });
    act(() => result.current.setHost(' 127.0.0.2 '));
    act(() => result.current.setPort('7500'));
    await act(() => result.current.save());
    expect(e.sent[0]?.input?.body).toEqual({ host: '127.0.0.2', port: 7500 });
    expect(result.current.changed).toBe(false);
    expect(result.current.portValue).toBe('7500');
    expect(result.current.pending).toEqual(['port']);
    unmount();
    // A reload: the store starts without the answer, the same engine is still running.
    useSettings.setState({ restartRequired: [] });
    const again = renderHook(() => useNetworkSettings(), { wrapper: e.wrapper });
    expect(again.result.current.pending).toEqual(['port']);
    again.unmount();
    // The engine restarted: nothing waits any more.
    useConnection.setState({ health: { startedAt: 2 } as Health });
    expect(renderHook(() => useNetworkSettings(), { wrapper: e.wrapper }).result.current.pending).toEqual([]);
  });
});
