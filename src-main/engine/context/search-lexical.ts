import { idf, type SearchIndex } from './search-index.js';
import type { QueryPlan } from './search-plan.js';
import { K1 } from './search-weights.js';

/** The first stage's lexical scores of one query (arrays indexed like SearchIndex.ordered). */
export interface LexicalScores {
  /** Per document: the sum over query groups of the group's best form's BM25 contribution. */
  lexical: Float64Array;
  /** Documents to rank, in the order first reached. */
  touched: number[];
  /** 1 for a document already in `touched`. */
  candidate: Uint8Array;
  /** The best lexical score of the query (0 when nothing matched). */
  maxLex: number;
}

/** Lexical: per group, the best form's weighted BM25 contribution; groups add up. */
export function lexicalScores(index: SearchIndex, q: QueryPlan): LexicalScores {
  const n = index.ordered.length;
  const lexical = new Float64Array(n);
  const groupBest = new Float64Array(n);
  const touched: number[] = [];
  const candidate = new Uint8Array(n);
  for (const g of q.groups) {
    const inGroup: number[] = [];
    for (const form of g.forms) {
      const list = index.postings.get(form.term);
      if (list === undefined) {
        continue;
      }
      const weight = form.weight * idf(index, form.term);
      for (const p of list) {
        const score = (weight * (p.tf * (K1 + 1))) / (p.tf + K1);
        const prev = groupBest[p.doc] ?? 0;
        if (prev === 0) {
          inGroup.push(p.doc);
        }
        if (score > prev) {
          groupBest[p.doc] = score;
        }
      }
    }
    for (const doc of inGroup) {
      lexical[doc] = (lexical[doc] ?? 0) + (groupBest[doc] ?? 0);
      groupBest[doc] = 0;
      if (candidate[doc] === 0) {
        candidate[doc] = 1;
        touched.push(doc);
      }
    }
  }
  let maxLex = 0;
  for (const doc of touched) {
    maxLex = Math.max(maxLex, lexical[doc] ?? 0);
  }
  return { lexical, touched, candidate, maxLex };
}
