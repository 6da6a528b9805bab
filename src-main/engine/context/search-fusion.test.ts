import { describe, expect, it } from 'vitest';

import { builtIndex, ct } from '../../../test/lib/context.js';
import { byScore, fuseScores } from './search-fusion.js';
import { lexicalScores } from './search-lexical.js';
import type { QueryPlan } from './search-plan.js';
import type { SearchOptions } from './search-types.js';
import { FUSION } from './search-weights.js';

const index = builtIndex([
  ct('a', 'read_note', 'Read a note', { annotations: { readOnlyHint: true } }),
  ct('a', 'delete_note', 'Delete a note', { annotations: { destructiveHint: true } }),
  ct('b', 'other', 'Unrelated'),
]);
const q = (over: Partial<QueryPlan> = {}): QueryPlan => ({
  groups: [{ word: 'note', forms: [{ term: 'note', weight: 1 }] }],
  actions: new Set(),
  readish: false,
  destructive: false,
  ...over,
});
const fuse = (plan: QueryPlan, opts: SearchOptions = {}) =>
  Object.fromEntries(
    fuseScores(index, plan, opts, lexicalScores(index, plan)).map((s) => [s.doc.id, s.score]),
  );

describe('fusion', () => {
  it('lowers destructive tools unless the request removes, and lifts read-only ones for questions', () => {
    const plain = fuse(q());
    expect(plain['a__read_note']).toBeCloseTo(1, 12);
    expect(plain['a__delete_note']).toBeCloseTo(1 - FUSION.annotation, 12);
    const removal = fuse(q({ destructive: true, actions: new Set(['delete']) }));
    expect(removal['a__delete_note']).toBeCloseTo(1 + FUSION.intent + FUSION.annotation, 12);
    expect(fuse(q({ readish: true }))['a__read_note']).toBeCloseTo(1 + FUSION.annotation, 12);
  });

  it('ranks tools only the learned lifts or similarities name, and keeps to one server when asked', () => {
    const learned = fuse(q(), { learned: new Map([['b__other', 2]]) });
    expect(learned['b__other']).toBeCloseTo(FUSION.learned, 12);
    expect(Object.keys(fuse(q(), { server: 'b' }))).toEqual([]);
    const semantic = fuse(q(), {
      semantic: new Map([
        ['b__other', 0.9],
        ['a__read_note', 0.1],
      ]),
    });
    expect(semantic['b__other']).toBeCloseTo(FUSION.semantic, 12);
    expect(semantic['a__read_note']).toBeCloseTo(1 - FUSION.semantic, 12);
  });

  it('orders by score, ties by tool id', () => {
    const docs = index.ordered;
    const list = [
      { doc: docs[1]!, score: 1 },
      { doc: docs[0]!, score: 1 },
      { doc: docs[2]!, score: 2 },
    ].sort(byScore);
    expect(list.map((s) => s.doc.id)).toEqual(['b__other', 'a__delete_note', 'a__read_note']);
  });
});
