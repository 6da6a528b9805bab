import { describe, expect, it } from 'vitest';

import { createSubscribers } from './subscribers.js';

/** Holds on servers as a supervisor would count them. */
function holds() {
  const open = new Map<string, number>();
  const preventSleep = (server: string) => {
    open.set(server, (open.get(server) ?? 0) + 1);
    return { dispose: () => open.set(server, (open.get(server) ?? 0) - 1) };
  };
  return { open, preventSleep };
}

describe('subscribers', () => {
  it('says which subscriber is the first and which removal the last, holding the server between', () => {
    const h = holds();
    const subs = createSubscribers(h.preventSleep);
    expect(subs.add('notes', 'a://1', 's1')).toBe(true);
    expect(subs.add('notes', 'a://1', 's2')).toBe(false);
    expect(subs.add('notes', 'a://0', 's1')).toBe(true);
    expect(h.open.get('notes')).toBe(2); // one hold per URI
    expect(subs.urisOf('notes')).toEqual(['a://0', 'a://1']);
    expect(subs.remove('notes', 'a://1', 's3')).toEqual({ removed: false, last: false });
    expect(subs.remove('notes', 'a://1', 's1')).toEqual({ removed: true, last: false });
    expect([...(subs.sessions('notes', 'a://1') ?? [])]).toEqual(['s2']);
    expect(subs.remove('notes', 'a://1', 's2')).toEqual({ removed: true, last: true });
    expect(subs.sessions('notes', 'a://1')).toBeUndefined();
    expect(h.open.get('notes')).toBe(1);
  });

  it('drops a session everywhere and names what it was the last subscriber of', () => {
    const h = holds();
    const subs = createSubscribers(h.preventSleep);
    subs.add('notes', 'a://1', 's1');
    subs.add('notes', 'a://2', 's1');
    subs.add('notes', 'a://2', 's2');
    subs.add('files', 'f://1', 's1');
    expect(subs.dropSession('s1')).toEqual([
      { server: 'notes', uri: 'a://1' },
      { server: 'files', uri: 'f://1' },
    ]);
    expect(subs.urisOf('notes')).toEqual(['a://2']);
    expect(subs.urisOf('files')).toEqual([]);
    expect(h.open.get('files')).toBe(0);
  });

  it('releases every hold on close', () => {
    const h = holds();
    const subs = createSubscribers(h.preventSleep);
    subs.add('notes', 'a://1', 's1');
    subs.add('files', 'f://1', 's1');
    subs.close();
    expect([...h.open.values()]).toEqual([0, 0]);
  });
});
