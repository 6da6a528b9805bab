import type { Doc } from './search-doc.js';
import type { SearchIndex } from './search-index.js';
import type { LexicalScores } from './search-lexical.js';
import type { QueryPlan } from './search-plan.js';
import type { SearchOptions } from './search-types.js';
import { FUSION, VECTORS } from './search-weights.js';

/** One ranked tool with the signals its score was fused from. */
export interface Scored {
  doc: Doc;
  score: number;
  lex: number;
  sem: number;
  learned: number;
}

/** Higher score first; ties by tool id, so equal inputs rank alike. */
export const byScore = (a: { score: number; doc: Doc }, b: { score: number; doc: Doc }): number =>
  b.score - a.score || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0);

/** Tools the learned lifts or the similarities name that no query word reached are ranked too. */
function addOutside(index: SearchIndex, opts: SearchOptions, stage: LexicalScores): void {
  const indexOf = new Map<string, number>();
  const outside = [...(opts.learned?.keys() ?? []), ...(opts.semantic?.keys() ?? [])];
  if (outside.length > 0) {
    index.ordered.forEach((d, i) => indexOf.set(d.id, i));
    for (const id of outside) {
      const i = indexOf.get(id);
      if (i !== undefined && stage.candidate[i] === 0) {
        stage.candidate[i] = 1;
        stage.touched.push(i);
      }
    }
  }
}

/**
 * The fusion rule (FUSION, VECTORS) over every candidate, sorted by byScore. `near`: word-vector
 * cosines per document (search-vectors.ts), when that signal is on.
 */
export function fuseScores(
  index: SearchIndex,
  q: QueryPlan,
  opts: SearchOptions,
  stage: LexicalScores,
  near?: Float64Array,
): Scored[] {
  addOutside(index, opts, stage);
  // Word-vector cosines, like embeddings' ones, crowd into a narrow band: spread over 0..1.
  let maxNear = -Infinity;
  let minNear = Infinity;
  for (const i of near === undefined ? [] : stage.touched) {
    maxNear = Math.max(maxNear, near?.[i] ?? 0);
    minNear = Math.min(minNear, near?.[i] ?? 0);
  }
  const nearRange = maxNear - minNear;
  const { lexical, maxLex } = stage;
  // Cosine similarities crowd into a narrow band whatever the model; spread them over 0..1
  // (min–max over the tools ranked) so they weigh as much as the lexical score.
  let maxSem = -Infinity;
  let minSem = Infinity;
  for (const v of opts.semantic?.values() ?? []) {
    maxSem = Math.max(maxSem, v);
    minSem = Math.min(minSem, v);
  }
  const semRange = maxSem - minSem;
  const scored: Scored[] = [];
  for (const i of stage.touched) {
    const d = index.ordered[i];
    if (d === undefined || (opts.server !== undefined && d.server !== opts.server)) {
      continue;
    }
    const lex = maxLex > 0 ? (lexical[i] ?? 0) / maxLex : 0;
    const cos = opts.semantic?.get(d.id);
    // One tool (or all alike): the best of the query, when it is similar at all.
    const sem = cos === undefined ? 0 : semRange > 0 ? (cos - minSem) / semRange : cos > 0 ? 1 : 0;
    const learned = Math.min(1, Math.max(0, opts.learned?.get(d.id) ?? 0));
    if (lex <= 0 && sem <= 0 && learned <= 0) {
      continue;
    }
    const base = opts.semantic !== undefined ? (1 - FUSION.semantic) * lex + FUSION.semantic * sem : lex;
    const vec = near !== undefined && nearRange > 0 ? ((near[i] ?? 0) - minNear) / nearRange : 0;
    const score =
      base +
      FUSION.intent * intentOf(q, d) +
      FUSION.annotation * annotationOf(q, d) +
      FUSION.learned * learned +
      VECTORS.weight * vec;
    scored.push({ doc: d, score, lex, sem, learned });
  }
  scored.sort(byScore);
  return scored;
}

/** 1 when the query's action is one of the tool's. */
function intentOf(q: QueryPlan, d: Doc): number {
  for (const a of q.actions) {
    if (d.actions.has(a)) {
      return 1;
    }
  }
  return 0;
}

/** +1 when the annotations fit the query (a removal, a question), −1 for a destructive tool asked otherwise. */
function annotationOf(q: QueryPlan, d: Doc): number {
  if (q.destructive && d.destructive) {
    return 1;
  }
  if (q.readish && d.readOnly) {
    return 1;
  }
  if (!q.destructive && d.destructive) {
    return -1;
  }
  return 0;
}
