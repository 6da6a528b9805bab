import { describe, expect, it } from 'vitest';

import { GatewayConfigSchema } from '../../../src-shared/config.js';
import type { ConfigStore } from '../types.js';
import { liveLimits, requestCount } from './limits.js';

describe('limits', () => {
  it('counts the requests a body carries: messages with an id and a method, batches summed', () => {
    expect(requestCount({ jsonrpc: '2.0', id: 1, method: 'tools/call' })).toBe(1);
    expect(requestCount({ jsonrpc: '2.0', method: 'notifications/initialized' })).toBe(0);
    expect(requestCount({ jsonrpc: '2.0', id: 1, result: {} })).toBe(0);
    expect(requestCount([{ id: 1, method: 'a' }, { method: 'b' }, { id: 2, method: 'c' }, null])).toBe(2);
    expect(requestCount(null)).toBe(0);
  });

  it('keeps one limits object and updates it in place on a config change', () => {
    let listener: ((config: ReturnType<typeof GatewayConfigSchema.parse>) => void) | undefined;
    const first = GatewayConfigSchema.parse({ mcpServers: {} });
    const config = {
      current: () => first,
      onChange: (l: typeof listener) => {
        listener = l;
        return { dispose: () => (listener = undefined) };
      },
    } as unknown as ConfigStore;
    const { limits, subscription } = liveLimits(config);
    const before = limits.maxSessions;
    listener?.(
      GatewayConfigSchema.parse({
        mcpServers: {},
        gateway: { mode: 'meta', limits: { maxSessions: before + 1 } },
      }),
    );
    expect(limits.maxSessions).toBe(before + 1);
    expect(limits.mode).toBe('meta');
    subscription.dispose();
    expect(listener).toBeUndefined();
  });
});
