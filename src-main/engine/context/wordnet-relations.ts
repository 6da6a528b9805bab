import { DEEP_SENSES, lemmasOf, POS, senses, synset, type WordNetDb } from './wordnet-db.js';
import type { Pos, Synset } from './wordnet-files.js';

/**
 * What WordNet says a word relates to: synonyms, hypernyms, derived and similar forms across its
 * most common senses, weighted by sense rank and relation; and the verbs a bare verb stands for.
 */

export type RelationKind = 'synonym' | 'hypernym' | 'derived' | 'similar';

export interface RelatedWord {
  /** Lower-case word; multi-word lemmas are split into words joined by spaces. */
  word: string;
  kind: RelationKind;
  /** 0..1: how close the word is (sense rank and relation). */
  weight: number;
}

/** How many senses of a word are followed, per part of speech (WordNet orders senses by frequency). */
const SENSES: Readonly<Record<Pos, number>> = { verb: 3, noun: 2, adj: 1 };
const SENSE_DECAY = 0.75;
const RELATION_WEIGHT: Readonly<Record<RelationKind, number>> = {
  synonym: 1,
  derived: 0.8,
  similar: 0.7,
  hypernym: 0.5,
};
/** Per-word cap on related words, so very polysemous words cannot flood a query. */
const MAX_RELATED = 24;

type Add = (w: string, kind: RelationKind, weight: number) => void;

/** Related words of a key (lower case, `_` for spaces), strongest first, at most MAX_RELATED. */
export function relatedWords(db: WordNetDb, key: string): RelatedWord[] {
  const best = new Map<string, RelatedWord>();
  const add: Add = (w, kind, weight) => {
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
    for (const lemma of lemmasOf(db, key, pos)) {
      senses(db, lemma, pos)
        .slice(0, SENSES[pos])
        .forEach((offset, rank) => {
          const s = synset(db, offset, pos);
          if (s !== undefined) {
            senseRelations(db, s, lemma, rank, add);
          }
        });
    }
  }
  return [...best.values()]
    .sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))
    .slice(0, MAX_RELATED);
}

/** One sense's words, and for the most common senses its hypernyms, derived and similar forms. */
function senseRelations(db: WordNetDb, s: Synset, lemma: string, rank: number, add: Add): void {
  const decay = SENSE_DECAY ** rank;
  const own = s.words.indexOf(lemma) + 1;
  for (const w of s.words) {
    add(w, 'synonym', RELATION_WEIGHT.synonym * decay);
  }
  for (const p of rank < DEEP_SENSES ? s.pointers : []) {
    if (p.symbol === '@' || p.symbol === '@i') {
      for (const w of synset(db, p.offset, p.pos)?.words.slice(0, 3) ?? []) {
        add(w, 'hypernym', RELATION_WEIGHT.hypernym * decay);
      }
    } else if (p.symbol === '+' && (p.source === 0 || p.source === own)) {
      const target = synset(db, p.offset, p.pos);
      const w = p.target > 0 ? target?.words[p.target - 1] : target?.words[0];
      if (w !== undefined) {
        add(w, 'derived', RELATION_WEIGHT.derived * decay);
      }
    } else if (p.symbol === '&' || p.symbol === '$') {
      for (const w of synset(db, p.offset, p.pos)?.words.slice(0, 2) ?? []) {
        add(w, 'similar', RELATION_WEIGHT.similar * decay);
      }
    }
  }
}

/** The words of a verb's most common senses, then of their hypernyms (the key itself left out). */
export function verbSensesOf(db: WordNetDb, key: string): string[] {
  const found: string[] = [];
  const add = (w: string): void => {
    const clean = w.replace(/_/g, ' ');
    if (clean !== key && !found.includes(clean)) {
      found.push(clean);
    }
  };
  const hypernyms: number[] = [];
  for (const offset of senses(db, key, 'verb').slice(0, DEEP_SENSES)) {
    const s = synset(db, offset, 'verb');
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
    for (const w of synset(db, offset, 'verb')?.words ?? []) {
      add(w);
    }
  }
  return found;
}
