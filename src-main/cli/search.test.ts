import { describe, expect, it } from 'vitest';

import { parseLimit, searchRows, wordsOnlyNote } from './search.js';

describe('parseLimit', () => {
  it('takes a whole number from 1 to 50, and nothing when not given', () => {
    expect(parseLimit(undefined)).toBeUndefined();
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit('50')).toBe(50);
    for (const bad of ['0', '51', '2.5', 'ten']) {
      expect(() => parseLimit(bad)).toThrow('--limit is a whole number from 1 to 50');
    }
  });
});

describe('search output', () => {
  const out = {
    results: [
      { id: 'fs__read', score: 0.9, matched: ['read', 'file'], summary: 'Read a file' },
      { id: 'web__get', score: 0.2, summary: 'Fetch' },
    ],
    semantic: { used: false, reason: 'no endpoint configured' },
  };

  it('gives one row per result with the words that matched', () => {
    expect(searchRows(out as never)).toEqual([
      ['fs__read', 0.9, 'read, file', 'Read a file'],
      ['web__get', 0.2, '', 'Fetch'],
    ]);
  });

  it('says why the ranking used words only, and nothing when it did not', () => {
    expect(wordsOnlyNote(out as never)).toBe('ranked by words only: no endpoint configured\n');
    expect(wordsOnlyNote({ ...out, semantic: { used: true } } as never)).toBeUndefined();
    expect(wordsOnlyNote({ ...out, semantic: undefined } as never)).toBeUndefined();
  });
});
