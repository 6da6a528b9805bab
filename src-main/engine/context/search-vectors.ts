import { idf, type SearchIndex } from './search-index.js';
import { VECTORS } from './search-weights.js';
import { splitWords, stem, STOP_WORDS } from './search-words.js';
import type { WordVectors } from './word-vectors.js';

/**
 * Nearness in meaning from word vectors (VECTORS): each tool is the weighted mean of its words'
 * vectors (name words weigh most, then title, then description), a request the weighted mean of
 * its content words', and their cosine says how near they are without a word in common
 * ("let the coworkers know" and "post a message to a channel"). A word weighs by its rarity
 * twice over: among the tools (BM25's idf; a word no tool uses gets the highest) and in
 * English (SIF: rank / (rank + VECTORS.sif), so "show", "make", "like" count for little).
 * Vectors of one corpus share a common direction that makes everything look alike; half of the
 * catalogue's mean vector is taken off tools and request alike before the cosine.
 */
export interface DocVectors {
  dims: number;
  /** Per document (SearchIndex.ordered), its unit vector (zeros without known words), row by row. */
  matrix: Float32Array;
  /** What is taken off every vector (VECTORS.center × the tools' mean), or undefined. */
  common: Float32Array | undefined;
}

const contentWordsOf = (text: string): string[] =>
  splitWords(text).filter((w) => w.length > 2 && !STOP_WORDS.has(w) && !/\d/.test(w));

/** A word's weight: its idf among the tools times its SIF weight in English. */
function weightOf(index: SearchIndex, vectors: WordVectors, word: string, maxIdf: number): number {
  const s = stem(word);
  const rarity = index.postings.has(s) ? idf(index, s) : maxIdf;
  const rank = vectors.rank(word) ?? Number.MAX_SAFE_INTEGER;
  return (rarity * rank) / (rank + VECTORS.sif);
}

function meanOf(
  index: SearchIndex,
  vectors: WordVectors,
  parts: readonly [text: string, weight: number][],
): Float32Array | undefined {
  const maxIdf = Math.log(1 + (index.ordered.length + 0.5) / 0.5);
  const words: { word: string; weight: number }[] = [];
  for (const [text, weight] of parts) {
    for (const w of contentWordsOf(text)) {
      words.push({ word: w, weight: weight * weightOf(index, vectors, w, maxIdf) });
    }
  }
  return vectors.mean(words);
}

/** `v − common`, scaled to unit length (a new array). */
function lessCommon(v: Float32Array | undefined, common: Float32Array | undefined): Float32Array | undefined {
  if (v === undefined || common === undefined) {
    return v;
  }
  const out = new Float32Array(v.length);
  let norm = 0;
  for (let d = 0; d < v.length; d++) {
    const x = (v[d] ?? 0) - (common[d] ?? 0);
    out[d] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < v.length; d++) {
    out[d] = (out[d] ?? 0) / norm;
  }
  return out;
}

/** The tools' vectors, computed on the first search after the index was rebuilt. */
export function docVectors(index: SearchIndex, vectors: WordVectors): DocVectors {
  if (index.docVectors !== undefined) {
    return index.docVectors;
  }
  const raw = index.ordered.map((d) =>
    meanOf(index, vectors, [
      [index.docs.get(d.id)?.tool.name ?? d.name, VECTORS.name],
      [d.definition.title ?? '', VECTORS.title],
      [(d.definition.description ?? '').slice(0, VECTORS.description), 1],
    ]),
  );
  let common: Float32Array | undefined;
  let n = 0;
  for (const v of raw) {
    if (v !== undefined) {
      common ??= new Float32Array(v.length);
      n += 1;
      for (let d = 0; d < v.length; d++) {
        common[d] = (common[d] ?? 0) + (v[d] ?? 0);
      }
    }
  }
  if (common !== undefined) {
    for (let d = 0; d < common.length; d++) {
      common[d] = ((common[d] ?? 0) / n) * VECTORS.center;
    }
  }
  const dims = common?.length ?? 0;
  const matrix = new Float32Array(raw.length * dims);
  raw.forEach((v, i) => {
    const u = lessCommon(v, common);
    if (u !== undefined) {
      matrix.set(u, i * dims);
    }
  });
  index.docVectors = { dims, matrix, common };
  return index.docVectors;
}

/**
 * Per document, the cosine of its vector with the request's; undefined when the request has no
 * word with a vector (then the signal says nothing).
 */
export function vectorSimilarities(
  index: SearchIndex,
  vectors: WordVectors,
  query: string,
): Float64Array | undefined {
  const docs = docVectors(index, vectors);
  const q = lessCommon(meanOf(index, vectors, [[query, 1]]), docs.common);
  if (q === undefined) {
    return undefined;
  }
  const n = index.ordered.length;
  const { dims, matrix } = docs;
  const sims = new Float64Array(n);
  if (q.length !== dims) {
    return sims;
  }
  for (let i = 0, at = 0; i < n; i++, at += dims) {
    let s = 0;
    for (let d = 0; d < dims; d++) {
      s += (q[d] ?? 0) * (matrix[at + d] ?? 0);
    }
    sims[i] = s;
  }
  return sims;
}
