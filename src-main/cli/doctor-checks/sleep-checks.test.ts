import { describe, expect, it } from 'vitest';

import type { ServerSummary } from '../../../src-shared/api/schemas.js';
import { GatewayConfigSchema } from '../../../src-shared/config.js';
import { sleepChecks } from './sleep-checks.js';

describe('sleepChecks', () => {
  it('names local servers that never sleep or cannot sleep now, and why', () => {
    const config = GatewayConfigSchema.parse({
      gateway: { sleepAfterMs: 0 },
      mcpServers: {
        awake: { command: 'x', keepAwake: true },
        zero: { command: 'x' },
        held: { command: 'x', sleepAfterMs: 1000 },
        sleepy: { command: 'x', sleepAfterMs: 1000 },
        remote: { url: 'https://x.test' },
        off: { command: 'x', disabled: true },
      },
    });
    const live = [{ name: 'held', sleepBlockers: ['an open resource subscription'] }] as ServerSummary[];
    expect(sleepChecks(config, live).map((c) => [c.check, c.message])).toEqual([
      ['server awake', 'never sleeps when idle: keepAwake is set'],
      ['server zero', 'never sleeps when idle: sleepAfterMs is 0 (gateway.sleepAfterMs)'],
      ['server held', 'cannot sleep now: an open resource subscription'],
    ]);
    expect(sleepChecks(undefined, live)).toEqual([]);
  });
});
