import { afterAll, describe, expect, it } from 'vitest';

import { wordnetDictPath } from './wordnet.js';
import { closeWordNetDb, openWordNetDb } from './wordnet-db.js';
import { relatedWords, verbSensesOf } from './wordnet-relations.js';

const db = openWordNetDb(wordnetDictPath());
afterAll(() => closeWordNetDb(db));

describe('WordNet relations', () => {
  it('weighs synonyms of the first sense fully, hypernyms half, and later senses less', () => {
    const tell = relatedWords(db, 'tell');
    expect(tell.find((r) => r.word === 'say')).toEqual({ word: 'say', kind: 'synonym', weight: 1 });
    const repeat = relatedWords(db, 'parrot').find((r) => r.word === 'repeat');
    expect(repeat?.kind).toBe('hypernym');
    expect(repeat?.weight).toBeLessThanOrEqual(0.5);
    expect(tell.some((r) => r.word === 'tell')).toBe(false);
  });

  it('orders by weight then word, at most 24', () => {
    const run = relatedWords(db, 'run');
    expect(run.length).toBe(24);
    for (let i = 1; i < run.length; i++) {
      const [a, b] = [run[i - 1]!, run[i]!];
      expect(a.weight > b.weight || (a.weight === b.weight && a.word < b.word)).toBe(true);
    }
  });

  it('gives a verb’s senses, then their hypernyms, and nothing for a word that is no verb', () => {
    const recall = verbSensesOf(db, 'recall');
    expect(recall).toContain('remember');
    expect(recall).not.toContain('recall');
    // change over is a sense of convert; change, alter and modify come from its hypernym.
    expect(verbSensesOf(db, 'convert')).toEqual(['change over', 'change', 'alter', 'modify']);
    expect(verbSensesOf(db, 'places')).toEqual([]);
  });
});
