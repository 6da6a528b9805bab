import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import type { CatalogTool } from '../types.js';
import { docOf, pairKey } from './search-doc.js';
import type { Scored } from './search-fusion.js';
import type { QueryPlan } from './search-plan.js';
import { neighbourPairs, rerank, rerankScore } from './search-rerank.js';
import { PROXIMITY_MIN_FORM, RERANK } from './search-weights.js';

function doc(name: string, description: string) {
  const definition: Tool = { name, description, inputSchema: { type: 'object', properties: {} } };
  const t: CatalogTool = {
    id: `s__${name}`,
    server: 's',
    name,
    definition,
    tokens: 0,
    visible: true,
    hiddenReason: undefined,
  };
  const d = docOf(t, 's');
  d.ownName = d.nameStems;
  d.ownNameTitle = d.nameTitle;
  return d;
}

const plan = (words: string[], actions: string[] = []): QueryPlan => ({
  groups: words.map((w, at) => ({ word: w, at, forms: [{ term: w, weight: 1 }] })),
  actions: new Set(actions),
  readish: false,
  destructive: false,
});
const groupsOf = (q: QueryPlan) => new Map(q.groups.map((g, i) => [g.forms[0]!.term, [i]]));

describe('second stage', () => {
  it('pairs neighbouring query words by their strong forms only', () => {
    const q = plan(['network', 'request']);
    q.groups[1]!.forms.push({ term: 'weak', weight: PROXIMITY_MIN_FORM / 2 });
    expect(neighbourPairs(q.groups)).toEqual([pairKey('network', 'request')]);
    expect(neighbourPairs([{ word: 'a phrase', forms: [{ term: 'x', weight: 1 }] }])).toEqual([]);
  });

  it('lifts by coverage, explained name words and proximity', () => {
    const q = plan(['list', 'network', 'request'], ['list']);
    const d = doc('list_network_requests', 'List the network requests of the page');
    const lift = rerankScore(q, groupsOf(q), neighbourPairs(q.groups), d);
    // Every name word explained (list by its action), the three groups covered, a neighbour pair.
    expect(lift).toBeCloseTo(RERANK.proximity + RERANK.coverage + RERANK.name, 12);
    const half = doc('network_status', 'Status');
    const q2 = plan(['network', 'request']);
    expect(rerankScore(q2, groupsOf(q2), [], half)).toBeCloseTo(RERANK.coverage / 2 + RERANK.name / 2, 12);
  });

  it('re-sorts the lifted top in place', () => {
    const q = plan(['file']);
    const scored: Scored[] = [
      { doc: doc('other_thing', 'x'), score: 1, lex: 1, sem: 0, learned: 0 },
      { doc: doc('read_file', 'x'), score: 0.9, lex: 0.9, sem: 0, learned: 0 },
    ];
    rerank(q, scored);
    expect(scored.map((s) => s.doc.id)).toEqual(['s__read_file', 's__other_thing']);
    expect(scored[0]?.score).toBeCloseTo(0.9 + RERANK.coverage + RERANK.name / 2, 12);
  });
});
