import { describe, expect, it } from 'vitest';

import type { GatewayConfig } from '../../../src-shared/config.js';
import { createEventBus } from '../events.js';
import type { BackendConnection, ConfigStore, SupervisorApi } from '../types.js';
import { listenToInputs } from './catalog-inputs.js';

describe('catalog inputs', () => {
  it('takes the servers as they stand, then follows connections, states and config changes until disposed', () => {
    const conn = { server: 'up' } as BackendConnection;
    let onConnection: ((server: string, c: BackendConnection | undefined) => void) | undefined;
    let onConfig: ((c: GatewayConfig) => void) | undefined;
    const supervisor = {
      list: () => [
        { name: 'up', state: 'running' },
        { name: 'asleep', state: 'sleeping' },
      ],
      connection: (name: string) => (name === 'up' ? conn : undefined),
      onConnection: (l: typeof onConnection) => {
        onConnection = l;
        return { dispose: () => (onConnection = undefined) };
      },
    } as unknown as SupervisorApi;
    const config = {
      onChange: (l: typeof onConfig) => {
        onConfig = l;
        return { dispose: () => (onConfig = undefined) };
      },
    } as unknown as ConfigStore;
    const bus = createEventBus();
    const seen: string[] = [];
    const configs: GatewayConfig[] = [];
    const disposables = listenToInputs(
      { supervisor, config, bus },
      {
        onConnection: (s, c) => void seen.push(`${s} ${c === undefined ? 'gone' : 'up'}`),
        onState: (s, state) => void seen.push(`${s} ${state}`),
      },
      (c) => void configs.push(c),
    );
    expect(seen).toEqual(['up up', 'asleep sleeping']);
    onConnection?.('up', undefined);
    bus.emit({ type: 'server.state', server: 'asleep', state: 'starting' } as never);
    bus.emit({ type: 'catalog.changed' } as never);
    onConfig?.({} as GatewayConfig);
    expect(seen).toEqual(['up up', 'asleep sleeping', 'up gone', 'asleep starting']);
    expect(configs).toHaveLength(1);
    disposables.forEach((d) => d.dispose());
    bus.emit({ type: 'server.state', server: 'asleep', state: 'running' } as never);
    expect(seen).toHaveLength(4);
    expect([onConnection, onConfig]).toEqual([undefined, undefined]);
  });
});
