import { join } from 'node:path';

import { DataFile, IndexFile, parseSynset, type Pos, type Synset } from './wordnet-files.js';

/**
 * One WordNet database opened lazily: its files per part of speech, a bounded cache of parsed
 * synsets, a lemma's senses, a word's base forms (morphy), and the guard that turns the signal
 * off when the database is missing or unreadable.
 */

export const POS: readonly Pos[] = ['verb', 'noun', 'adj'];

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

/** Hypernyms and derived forms are followed for the most common senses only (each costs a read). */
export const DEEP_SENSES = 2;
/** Bounded caches of looked-up words and synsets (a gateway's queries repeat their words). */
export const CACHE_LIMIT = 4096;

export interface WordNetDb {
  dictPath: string | undefined;
  index: Map<Pos, IndexFile>;
  data: Map<Pos, DataFile>;
  synsets: Map<string, Synset | undefined>;
  /** Set once a file could not be read: every lookup answers nothing from then on. */
  broken: boolean;
}

export function openWordNetDb(dictPath: string | undefined): WordNetDb {
  return { dictPath, index: new Map(), data: new Map(), synsets: new Map(), broken: dictPath === undefined };
}

export function indexFile(db: WordNetDb, pos: Pos): IndexFile {
  let f = db.index.get(pos);
  if (f === undefined) {
    f = new IndexFile(join(db.dictPath ?? '', `index.${pos}`));
    db.index.set(pos, f);
  }
  return f;
}

function dataFile(db: WordNetDb, pos: Pos): DataFile {
  let f = db.data.get(pos);
  if (f === undefined) {
    f = new DataFile(join(db.dictPath ?? '', `data.${pos}`));
    db.data.set(pos, f);
  }
  return f;
}

/** Synset offsets of a lemma in one part of speech, most frequent sense first. */
export function senses(db: WordNetDb, lemma: string, pos: Pos): number[] {
  const line = indexFile(db, pos).find(lemma);
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
}

export function synset(db: WordNetDb, offset: number, pos: Pos): Synset | undefined {
  const key = `${pos}:${offset}`;
  if (db.synsets.has(key)) {
    return db.synsets.get(key);
  }
  const line = dataFile(db, pos).lineAt(offset);
  const parsed = line === undefined ? undefined : parseSynset(line);
  if (db.synsets.size >= CACHE_LIMIT) {
    db.synsets.clear();
  }
  db.synsets.set(key, parsed);
  return parsed;
}

export function guard<T>(db: WordNetDb, fallback: T, fn: () => T): T {
  if (db.broken) {
    return fallback;
  }
  try {
    return fn();
  } catch {
    // A missing or unreadable database turns the signal off rather than failing searches.
    db.broken = true;
    return fallback;
  }
}

/** Base forms of a word in one part of speech that WordNet lists (the word itself first). */
export function lemmasOf(db: WordNetDb, word: string, pos: Pos): string[] {
  const out: string[] = [];
  if (senses(db, word, pos).length > 0) {
    out.push(word);
  }
  for (const [suffix, ending] of DETACH[pos]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length) + ending;
      // "running" → "runn" → "run": a doubled final consonant (WordNet lists these as exceptions).
      const undoubled = ending === '' && /([b-df-hj-np-tv-z])\1$/.test(base) ? base.slice(0, -1) : undefined;
      for (const b of [base, undoubled]) {
        if (b !== undefined && !out.includes(b) && senses(db, b, pos).length > 0) {
          out.push(b);
        }
      }
    }
  }
  return out;
}

export function closeWordNetDb(db: WordNetDb): void {
  for (const f of [...db.index.values(), ...db.data.values()]) {
    f.close();
  }
  db.index.clear();
  db.data.clear();
  db.synsets.clear();
}
