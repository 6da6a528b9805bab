import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { createFailureBatches } from './failure-batches.js';
import type { DesktopNotification } from './notifications.js';

function setup() {
  const clock = manualClock(0);
  const shown: DesktopNotification[] = [];
  const batches = createFailureBatches({
    clock,
    show: (n) => shown.push(n),
    throttleMs: 60_000,
    coalesceMs: 2_000,
  });
  return { clock, shown, batches };
}

describe('failure batches', () => {
  it('show failures that arrive together as one, a circuit superseding a crash of the same server', () => {
    const { clock, shown, batches } = setup();
    batches.queue({ server: 'a', kind: 'failed', reason: '' });
    batches.queue({ server: 'a', kind: 'circuit', reason: '' });
    batches.queue({ server: 'b', kind: 'failed', reason: '' });
    expect(clock.pending()).toEqual([2_000]);
    clock.advance(2_000);
    expect(shown.map((n) => n.title)).toEqual(['2 servers failed']);
    expect(shown[0]?.body).toContain('a keeps failing');
  });

  it('show a server’s failure at most once per throttle window', () => {
    const { clock, shown, batches } = setup();
    batches.queue({ server: 'a', kind: 'failed', reason: '' });
    clock.advance(2_000);
    clock.advance(59_999);
    batches.queue({ server: 'a', kind: 'failed', reason: '' });
    expect(clock.pending()).toEqual([]);
    clock.advance(1);
    batches.queue({ server: 'a', kind: 'failed', reason: '' });
    clock.advance(2_000);
    expect(shown).toHaveLength(2);
  });

  it('tell a recovery that was never announced from one that was, and forget what the user stopped', () => {
    const { clock, shown, batches } = setup();
    batches.queue({ server: 'a', kind: 'failed', reason: '' });
    expect(batches.recovered('a')).toBe('pending');
    clock.advance(2_000);
    expect(shown).toEqual([]);
    batches.queue({ server: 'b', kind: 'failed', reason: '' });
    clock.advance(2_000);
    expect(batches.recovered('b')).toBe('announced');
    expect(batches.recovered('b')).toBeUndefined();
    batches.queue({ server: 'c', kind: 'failed', reason: '' });
    batches.forget('c');
    batches.stop();
    batches.queue({ server: 'd', kind: 'failed', reason: '' });
    clock.advance(2_000);
    expect(shown).toHaveLength(1);
  });
});
