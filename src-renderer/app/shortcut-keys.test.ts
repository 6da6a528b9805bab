import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createShortcutKeys, type KeyPress } from './shortcut-keys.js';

function press(key: string, more: Partial<KeyPress> = {}): KeyPress & { prevented: boolean } {
  const e = {
    key,
    metaKey: false,
    ctrlKey: false,
    altKey: false,
    target: null,
    prevented: false,
    preventDefault() {
      e.prevented = true;
    },
    ...more,
  };
  return e;
}

describe('shortcut keys', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('goes to a view on g then its key, and to adding a server on n', () => {
    const went: string[] = [];
    const keys = createShortcutKeys((d) => went.push(d));
    for (const k of ['g', 's', 'g', ',', 'g', 'c', 'n']) {
      keys.onKey(press(k));
    }
    expect(went).toEqual(['#/servers', '#/settings', '#/clients', '#/add']);
    const e = press('g');
    keys.onKey(e);
    expect(e.prevented).toBe(false);
    const o = press('o');
    keys.onKey(o);
    expect(o.prevented).toBe(true);
    expect(went.at(-1)).toBe('#/');
    keys.dispose();
  });

  it('forgets g after a second, and a key after g that goes nowhere does nothing', () => {
    const went: string[] = [];
    const keys = createShortcutKeys((d) => went.push(d));
    keys.onKey(press('g'));
    vi.advanceTimersByTime(1001);
    keys.onKey(press('s'));
    keys.onKey(press('g'));
    keys.onKey(press('x'));
    keys.onKey(press('s'));
    expect(went).toEqual([]);
    keys.dispose();
  });

  it('leaves keys typed into fields and keys with a modifier alone', () => {
    const went: string[] = [];
    const keys = createShortcutKeys((d) => went.push(d));
    keys.onKey(press('n', { target: { tagName: 'INPUT' } as unknown as EventTarget }));
    keys.onKey(press('n', { target: { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget }));
    keys.onKey(press('n', { ctrlKey: true }));
    keys.onKey(press('n', { metaKey: true }));
    keys.onKey(press('n', { altKey: true }));
    expect(went).toEqual([]);
    keys.onKey(press('n', { target: { tagName: 'BUTTON' } as unknown as EventTarget }));
    expect(went).toEqual(['#/add']);
    keys.dispose();
  });
});
