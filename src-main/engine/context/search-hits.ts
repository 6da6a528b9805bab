import type { Doc } from './search-doc.js';
import type { Scored } from './search-fusion.js';
import { idf, type SearchIndex } from './search-index.js';
import type { Form, Group } from './search-plan.js';
import type { SearchHit } from './search-types.js';
import { K1, MAX_REASONS } from './search-weights.js';
import { stem } from './search-words.js';

/** The answer: the best `limit` tools, each with why it matched. */
export function toHits(
  index: SearchIndex,
  groups: readonly Group[],
  scored: Scored[],
  limit: number,
): SearchHit[] {
  return scored.slice(0, limit).map(({ doc, score, sem, learned }) => {
    const tool = index.docs.get(doc.id)?.tool;
    const reasons = explain(index, groups, doc).slice(0, MAX_REASONS);
    if (learned > 0) {
      reasons.push('used before');
    }
    if (sem >= 0.8) {
      reasons.push('similar meaning');
    }
    return {
      id: doc.id,
      server: tool?.server ?? doc.server,
      name: tool?.name ?? doc.name,
      summary: doc.summary,
      required: doc.required,
      matched: reasons,
      score: Math.round(score * 1000) / 1000,
    };
  });
}

/** Why a tool matched: per query group, the form that scored best in it. */
export function explain(index: SearchIndex, groups: readonly Group[], doc: Doc): string[] {
  const out: string[] = [];
  for (const g of groups) {
    let best: Form | undefined;
    let bestScore = 0;
    for (const form of g.forms) {
      const tf = doc.terms.get(form.term);
      if (tf !== undefined) {
        const score = form.weight * idf(index, form.term) * ((tf * (K1 + 1)) / (tf + K1));
        if (score > bestScore) {
          bestScore = score;
          best = form;
        }
      }
    }
    if (best !== undefined) {
      const label =
        stem(g.word) === best.term ? g.word : `${g.word}→${index.surface.get(best.term) ?? best.term}`;
      if (!out.includes(label)) {
        out.push(label);
      }
    }
  }
  return out;
}
