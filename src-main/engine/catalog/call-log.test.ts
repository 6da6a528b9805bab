import { describe, expect, it } from 'vitest';

import type { CallRecord, EngineEvent } from '../../../src-shared/events.js';
import { createEventBus } from '../events.js';
import { createCallLog } from './call-log.js';

const call = (n: number): CallRecord => ({
  id: `c${n}`,
  at: n * 10,
  server: 's',
  tool: 't',
  client: 'test',
  sessionId: undefined,
  durationMs: 3,
  ok: true,
});

describe('createCallLog', () => {
  it('keeps the newest calls in order and announces each as it finishes', () => {
    const bus = createEventBus();
    const events: EngineEvent[] = [];
    bus.on((e) => events.push(e));
    const log = createCallLog({ bus, size: 3 });
    for (let n = 1; n <= 5; n++) {
      log.record(call(n));
    }
    expect(log.recent().map((c) => c.id)).toEqual(['c3', 'c4', 'c5']);
    expect(log.recent(2).map((c) => c.id)).toEqual(['c4', 'c5']);
    expect(events).toHaveLength(5);
    expect(events[4]).toEqual({ type: 'call.finished', at: 53, call: call(5) });
  });

  it('hands out copies: a caller cannot change what it keeps', () => {
    const log = createCallLog({ bus: createEventBus() });
    log.record(call(1));
    log.recent().pop();
    expect(log.recent()).toHaveLength(1);
  });
});
