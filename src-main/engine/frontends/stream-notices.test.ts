import { describe, expect, it } from 'vitest';

import { createPendingNotices, MAX_PENDING_NOTICES } from './stream-notices.js';

const listChanged = { method: 'notifications/tools/list_changed' };

describe('notices kept for the GET stream', () => {
  it('give the notices kept, oldest first, once', () => {
    const notices = createPendingNotices();
    expect(notices.add(listChanged)).toBe(true);
    expect(notices.add({ method: 'notifications/message', params: { level: 'info', data: 'a' } })).toBe(true);
    expect(notices.size).toBe(2);
    expect(notices.take().map((n) => n.method)).toEqual([
      'notifications/tools/list_changed',
      'notifications/message',
    ]);
    expect(notices.size).toBe(0);
    expect(notices.take()).toEqual([]);
  });

  it('keep a notice without params once, and one with params each time', () => {
    const notices = createPendingNotices();
    notices.add(listChanged);
    expect(notices.add({ ...listChanged })).toBe(true);
    notices.add({ method: 'notifications/message', params: { data: 'a' } });
    notices.add({ method: 'notifications/message', params: { data: 'b' } });
    expect(notices.take()).toEqual([
      listChanged,
      { method: 'notifications/message', params: { data: 'a' } },
      { method: 'notifications/message', params: { data: 'b' } },
    ]);
  });

  it('drop what comes past the limit', () => {
    const notices = createPendingNotices();
    for (let i = 0; i < MAX_PENDING_NOTICES; i += 1) {
      expect(notices.add({ method: 'notifications/message', params: { i } })).toBe(true);
    }
    expect(notices.add({ method: 'notifications/message', params: { i: 'over' } })).toBe(false);
    expect(notices.add(listChanged)).toBe(false);
    const kept = notices.take();
    expect(kept).toHaveLength(MAX_PENDING_NOTICES);
    expect(kept.at(-1)).toEqual({ method: 'notifications/message', params: { i: MAX_PENDING_NOTICES - 1 } });
  });
});
