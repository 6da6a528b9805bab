import { describe, expect, it } from 'vitest';

import type { CallContext } from '../types.js';
import { createPendingSearches } from './meta-pending.js';
import type { SearchHit } from './search-types.js';

const ctx = (sessionId?: string, client = 'c') => ({ sessionId, client }) as CallContext;
const hits = (...ids: string[]) => ids.map((id) => ({ id }) as SearchHit);

describe('searches waiting for a call', () => {
  it('gives the words once, for a tool the session’s last search returned', () => {
    const p = createPendingSearches();
    p.remember(ctx('s1'), ['send', 'messag'], hits('a', 'b'));
    expect(p.takeFor(ctx('s2'), 'a')).toBeUndefined();
    expect(p.takeFor(ctx('s1'), 'z')).toBeUndefined();
    expect(p.takeFor(ctx('s1'), 'b')).toEqual(['send', 'messag']);
    expect(p.takeFor(ctx('s1'), 'a')).toBeUndefined();
  });

  it('keys by client without a session, keeps only the last search, and at most 256 sessions', () => {
    const p = createPendingSearches();
    p.remember(ctx(undefined, 'x'), ['old'], hits('a'));
    p.remember(ctx(undefined, 'x'), ['new'], hits('b'));
    expect(p.takeFor(ctx(undefined, 'x'), 'a')).toBeUndefined();
    expect(p.takeFor(ctx(undefined, 'x'), 'b')).toEqual(['new']);
    for (let i = 0; i <= 256; i++) {
      p.remember(ctx(`s${i}`), [`w${i}`], hits('t'));
    }
    expect(p.takeFor(ctx('s0'), 't')).toBeUndefined();
    expect(p.takeFor(ctx('s1'), 't')).toEqual(['w1']);
  });
});
