import { describe, expect, it } from 'vitest';

import { builtIndex, ct } from '../../../test/lib/context.js';
import { idf } from './search-index.js';
import { lexicalScores } from './search-lexical.js';
import type { QueryPlan } from './search-plan.js';
import { K1 } from './search-weights.js';

const index = builtIndex([
  ct('a', 'alpha', 'shared words'),
  ct('a', 'beta', 'beta words'),
  ct('a', 'gamma', 'other'),
]);
const plan = (groups: QueryPlan['groups']): QueryPlan => ({
  groups,
  actions: new Set(),
  readish: false,
  destructive: false,
});
const bm25 = (term: string, weight: number, doc: number) => {
  const tf = index.ordered[doc]?.terms.get(term) ?? 0;
  return (weight * idf(index, term) * (tf * (K1 + 1))) / (tf + K1);
};

describe('lexical stage', () => {
  it('scores a form by weighted BM25 and touches only the documents it reaches', () => {
    const s = lexicalScores(index, plan([{ word: 'beta', forms: [{ term: 'beta', weight: 0.5 }] }]));
    expect(s.touched).toEqual([1]);
    expect([...s.candidate]).toEqual([0, 1, 0]);
    expect(s.lexical[1]).toBeCloseTo(bm25('beta', 0.5, 1), 12);
    expect(s.maxLex).toBe(s.lexical[1]);
  });

  it('counts the best form of a group once, and adds the groups up', () => {
    const forms = [
      // The better form first: a weaker one after it must not replace it.
      { term: 'beta', weight: 1 },
      { term: 'word', weight: 1 },
    ];
    const one = lexicalScores(index, plan([{ word: 'x', forms }]));
    expect(one.lexical[1]).toBeCloseTo(Math.max(bm25('word', 1, 1), bm25('beta', 1, 1)), 12);
    const two = lexicalScores(
      index,
      plan([
        { word: 'x', forms },
        { word: 'y', forms: [forms[1]!] },
      ]),
    );
    expect(two.lexical[1]).toBeCloseTo((one.lexical[1] ?? 0) + bm25('word', 1, 1), 12);
    expect(two.touched).toEqual([1, 0]);
    expect(two.maxLex).toBe(Math.max(two.lexical[0] ?? 0, two.lexical[1] ?? 0));
  });
});
