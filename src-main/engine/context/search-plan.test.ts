import { describe, expect, it } from 'vitest';

import { builtIndex, catalogTool } from '../../../test/lib/context.js';
import { addForm, planQuery } from './search-plan.js';
import { FORM_WEIGHT, VERB_GROUP_WEIGHT } from './search-weights.js';

const index = builtIndex([
  catalogTool('fs', { name: 'read_file', description: 'Read a file', inputSchema: { type: 'object' } }),
]);
const plan = (q: string, lexicon = true) => planQuery(q, index, () => undefined, lexicon);
const weightOf = (q: ReturnType<typeof plan>, word: string, term: string) =>
  q.groups.find((g) => g.word === word)?.forms.find((f) => f.term === term)?.weight;

describe('query plan', () => {
  it('keeps the strongest weight of a form, stemmed, stop words out', () => {
    const forms = new Map<string, number>();
    addForm(forms, 'files', 0.5);
    addForm(forms, 'file', 0.3);
    addForm(forms, 'the', 1);
    expect([...forms]).toEqual([['file', 0.5]]);
  });

  it('makes a group per content word, its action and its lexicon words, a verb group weighing less', () => {
    const q = plan('delete the 42 folder');
    expect(q.groups.map((g) => [g.word, g.at])).toEqual([
      ['delete', 0],
      ['folder', 1],
    ]);
    expect(weightOf(q, 'delete', 'delet')).toBeCloseTo(FORM_WEIGHT.exact * VERB_GROUP_WEIGHT, 12);
    expect(weightOf(q, 'folder', 'directori')).toBe(FORM_WEIGHT.lexicon);
    expect(weightOf(plan('delete the folder', false), 'folder', 'directori')).toBeUndefined();
    expect([...q.actions]).toEqual(['delete']);
    expect(q.destructive).toBe(true);
    expect(q.readish).toBe(false);
  });

  it('reads a question about what exists as a search, and question words as groups', () => {
    const q = plan('who has stored the notes');
    expect([...q.actions].sort()).toEqual(['read', 'search']);
    expect(q.readish).toBe(true);
    expect(weightOf(q, 'who', 'user')).toBeCloseTo(FORM_WEIGHT.lexicon * 0.6, 12);
  });

  it('adds everyday phrases and file names as groups of their own', () => {
    expect(plan('let the team know').groups.some((g) => g.word === 'let know')).toBe(true);
    expect(plan('let the team know', false).groups.some((g) => g.word === 'let know')).toBe(false);
    expect(plan('open notes.txt').groups.find((g) => g.word === 'file name')?.forms).toEqual([
      { term: 'file', weight: FORM_WEIGHT.lexicon },
    ]);
  });

  it('tries a word the tools never use as a prefix, then as a typo', () => {
    expect(weightOf(plan('fil'), 'fil', 'file')).toBe(FORM_WEIGHT.prefix);
    expect(weightOf(plan('rread'), 'rread', 'read')).toBe(FORM_WEIGHT.fuzzy);
  });
});
