import { describe, expect, it } from 'vitest';

import { CORE_ROUTES } from '../../../src-shared/api/routes.js';
import { coreHandlers } from './core-handlers.js';
import type { EventReplay } from './event-replay.js';
import type { GatewayMetrics } from './metrics.js';

describe('core handlers', () => {
  it('has exactly one handler per core route, from the four groups', () => {
    const h = coreHandlers({
      startedSettings: {} as never,
      metrics: {} as GatewayMetrics,
      replay: {} as EventReplay,
      openapi: () => ({}),
    });
    expect(Object.keys(h).sort()).toEqual(CORE_ROUTES.map((r) => r.id).sort());
    expect(Object.values(h).every((f) => typeof f === 'function')).toBe(true);
  });
});
