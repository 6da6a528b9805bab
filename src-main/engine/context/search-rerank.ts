import { type Doc, pairKey } from './search-doc.js';
import { byScore, type Scored } from './search-fusion.js';
import type { Group, QueryPlan } from './search-plan.js';
import { VERB_CLASS } from './search-query-words.js';
import { PROXIMITY_MIN_FORM, RERANK } from './search-weights.js';

/**
 * The second stage (RERANK): the best few tools get a lift for name and title coverage, name
 * words the request explains and term proximity, and are sorted again in place.
 */
export function rerank(q: QueryPlan, scored: Scored[]): void {
  const top = scored.slice(0, RERANK.depth);
  const groupsOf = new Map<string, number[]>();
  q.groups.forEach((g, gi) => {
    for (const f of g.forms) {
      const list = groupsOf.get(f.term);
      if (list === undefined) {
        groupsOf.set(f.term, [gi]);
      } else if (list[list.length - 1] !== gi) {
        list.push(gi);
      }
    }
  });
  const neighbours = neighbourPairs(q.groups);
  for (const s of top) {
    s.score += rerankScore(q, groupsOf, neighbours, s.doc);
  }
  top.sort(byScore);
  scored.splice(0, top.length, ...top);
}

/** Pair keys of the strong forms of every two neighbouring query words (once per query). */
export function neighbourPairs(groups: readonly Group[]): string[] {
  const keys = new Set<string>();
  for (const a of groups) {
    const b = a.at === undefined ? undefined : groups.find((g) => g.at === (a.at ?? 0) + 1);
    if (b === undefined) {
      continue;
    }
    for (const fa of a.forms) {
      if (fa.weight < PROXIMITY_MIN_FORM) {
        continue;
      }
      for (const fb of b.forms) {
        if (fb.weight >= PROXIMITY_MIN_FORM) {
          keys.add(pairKey(fa.term, fb.term));
        }
      }
    }
  }
  return [...keys];
}

/** The second stage's lift of one tool (see RERANK). */
export function rerankScore(
  q: QueryPlan,
  groupsOf: ReadonlyMap<string, readonly number[]>,
  neighbours: readonly string[],
  doc: Doc,
): number {
  // Few name and title words per tool: look each up among the query's forms, not the reverse.
  const covered = new Set<number>();
  for (const t of doc.ownNameTitle) {
    for (const g of groupsOf.get(t) ?? []) {
      covered.add(g);
    }
  }
  let explained = 0;
  for (const w of doc.ownName) {
    if (groupsOf.has(w) || (VERB_CLASS.get(w) ?? []).some((c) => q.actions.has(c))) {
      explained += 1;
    }
  }
  return (
    (neighbours.some((k) => doc.pairs.has(k)) ? RERANK.proximity : 0) +
    (RERANK.coverage * covered.size) / q.groups.length +
    (doc.ownName.length > 0 ? (RERANK.name * explained) / doc.ownName.length : 0)
  );
}
