import { EVERYDAY, INTENTS, PHRASES, SYNONYMS } from './lexicon.js';
import { oneEditAway, type SearchIndex, withPrefix } from './search-index.js';
import {
  asksAboutWhatExists,
  containsPhrase,
  DESTRUCTIVE_CLASSES,
  namesAFile,
  QUESTION_WORDS,
  READ_CLASSES,
  VERB_CLASS,
} from './search-query-words.js';
import { FORM_WEIGHT, VERB_GROUP_WEIGHT } from './search-weights.js';
import { splitWords, stem, STOP_WORDS } from './search-words.js';
import type { WordNet } from './wordnet.js';

/**
 * Query analysis: a request becomes groups of weighted forms (one group per content word or
 * phrase; a group counts with its best-matching form), the actions it asks for, and whether it
 * asks to read or to remove.
 */

export interface Form {
  term: string;
  weight: number;
}

export interface Group {
  /** The query word (or two-word phrase) this group stands for. */
  word: string;
  forms: Form[];
  /** Position of the query word among the query's content words (phrases have none). */
  at?: number;
}

export interface QueryPlan {
  groups: Group[];
  actions: Set<string>;
  readish: boolean;
  destructive: boolean;
}

/** What planning one query reads and builds up. */
interface Planning {
  index: SearchIndex;
  w: WordNet | undefined;
  lexicon: boolean;
  groups: Group[];
  actions: Set<string>;
  destructive: boolean;
  /** The query's first action word ('' when the request asks about what exists). */
  actionWord: string | undefined;
}

export function addForm(forms: Map<string, number>, term: string, weight: number): void {
  if (term.length === 0 || STOP_WORDS.has(term)) {
    return;
  }
  const s = stem(term);
  if ((forms.get(s) ?? 0) < weight) {
    forms.set(s, weight);
  }
}

const formsOf = (forms: Map<string, number>): Form[] =>
  [...forms].map(([term, weight]) => ({ term, weight }));

const READISH_WORDS = ['what', 'which', 'who', 'how', 'where', 'why', 'when', 'show', 'list', 'find'];

export function planQuery(
  query: string,
  index: SearchIndex,
  wordnet: () => WordNet | undefined,
  lexicon: boolean,
): QueryPlan {
  const raw = splitWords(query);
  const p: Planning = {
    index,
    w: undefined,
    lexicon,
    groups: [],
    actions: new Set(),
    destructive: false,
    actionWord: undefined,
  };
  let readish = false;
  // Numbers (ids, amounts) name no tool.
  const lexical = raw.filter(
    (w) => !/^\d+$/.test(w) && (!STOP_WORDS.has(w) || QUESTION_WORDS[w] !== undefined),
  );
  for (const word of raw) {
    if (READISH_WORDS.includes(word)) {
      readish = true;
    }
  }
  // "have you stored…", "where did we write down…": the verb tells what was done before;
  // the tool wanted looks it up.
  if (asksAboutWhatExists(raw)) {
    readish = true;
    p.actions.add('search');
    p.actions.add('read');
    p.actionWord = '';
  }
  p.w = wordnet();
  for (let i = 0; i < lexical.length; i++) {
    const word = lexical[i] ?? '';
    const question = QUESTION_WORDS[word];
    if (question !== undefined) {
      questionGroup(p, word, question);
      continue;
    }
    wordGroup(p, word, i);
    wordnetPhraseGroup(p, word, lexical[i + 1]);
  }
  lexiconPhraseGroups(p, raw);
  fileNameGroup(p, raw, query);
  openingVerbAction(p, lexical[0]);
  const { actions, destructive } = p;
  const readOnlyAsk = readish && !destructive && ![...actions].some((a) => !READ_CLASSES.has(a));
  return { groups: p.groups, actions, readish: readOnlyAsk, destructive };
}

function questionGroup(p: Planning, word: string, question: readonly string[]): void {
  const forms = new Map<string, number>();
  for (const q of question) {
    addForm(forms, q, FORM_WEIGHT.lexicon * 0.6);
  }
  if (forms.size > 0) {
    p.groups.push({ word, forms: formsOf(forms) });
  }
}

/** A content word's group: itself, its lemmas, lexicon words, intents, WordNet relations, prefixes, typos. */
function wordGroup(p: Planning, word: string, at: number): void {
  const { w } = p;
  const forms = new Map<string, number>();
  addForm(forms, word, FORM_WEIGHT.exact);
  const lemmas = w?.lemmas(word) ?? [];
  for (const l of lemmas) {
    if (!l.includes('_')) {
      addForm(forms, l, FORM_WEIGHT.lemma);
    }
  }
  for (const b of [word, ...lemmas]) {
    baseForms(p, forms, word, b);
  }
  if (w !== undefined && word.length > 2 && !/^\d+$/.test(word)) {
    for (const r of w.related(word)) {
      if (!r.word.includes(' ')) {
        addForm(forms, r.word, FORM_WEIGHT.wordnet * r.weight);
      }
    }
  }
  // Words the tools never use: try them as prefixes, then as typos.
  if (![...forms.keys()].some((t) => p.index.postings.has(t)) && word.length >= 3) {
    const s = stem(word);
    for (const x of withPrefix(p.index, s)) {
      addForm(forms, x, FORM_WEIGHT.prefix);
    }
    if (word.length >= 5 && forms.size <= 1) {
      for (const x of oneEditAway(p.index, s)) {
        addForm(forms, x, FORM_WEIGHT.fuzzy);
      }
    }
  }
  const scale = VERB_CLASS.has(stem(word)) ? VERB_GROUP_WEIGHT : 1;
  p.groups.push({ word, at, forms: [...forms].map(([term, weight]) => ({ term, weight: weight * scale })) });
}

/** Lexicon words of one base form (the word or a lemma), and the action its verb names. */
function baseForms(p: Planning, forms: Map<string, number>, word: string, b: string): void {
  for (const s of p.lexicon ? [...(SYNONYMS[b] ?? []), ...(EVERYDAY[b] ?? [])] : []) {
    addForm(forms, s, FORM_WEIGHT.lexicon);
  }
  for (const cls of VERB_CLASS.get(stem(b)) ?? []) {
    // The action is the query's first action word ("show the records": show, not record).
    if (p.actionWord === undefined || p.actionWord === word) {
      p.actionWord = word;
      p.actions.add(cls);
      if (DESTRUCTIVE_CLASSES.has(cls)) {
        p.destructive = true;
      }
    }
    const canonical = INTENTS[cls]?.[0];
    if (canonical !== undefined) {
      addForm(forms, canonical, FORM_WEIGHT.intent);
    }
  }
}

/** Two-word phrases WordNet knows ("look up", "catch up", "let know") add their relations. */
function wordnetPhraseGroup(p: Planning, word: string, next: string | undefined): void {
  const { w } = p;
  if (w === undefined || next === undefined) {
    return;
  }
  const phrase = `${word} ${next}`;
  if (w.lemmas(phrase).length > 0) {
    const pf = new Map<string, number>();
    for (const r of w.related(phrase)) {
      if (!r.word.includes(' ')) {
        addForm(pf, r.word, FORM_WEIGHT.wordnet * r.weight);
      }
    }
    if (pf.size > 0) {
      p.groups.push({ word: phrase, forms: formsOf(pf) });
    }
  }
}

/**
 * Everyday phrases ("let people know", "root cause") are one more group each. Their words may
 * have a few others between them ("let the whole team know", "look it up").
 */
function lexiconPhraseGroups(p: Planning, raw: readonly string[]): void {
  for (const [phrase, targets] of p.lexicon ? Object.entries(PHRASES) : []) {
    if (containsPhrase(raw, phrase)) {
      const pf = new Map<string, number>();
      for (const t of targets) {
        addForm(pf, t, FORM_WEIGHT.lexicon);
      }
      p.groups.push({ word: phrase, forms: formsOf(pf) });
    }
  }
}

/** A file name ("report.doc", "*.log") names a file even when the word "file" is missing. */
function fileNameGroup(p: Planning, raw: readonly string[], query: string): void {
  if (!raw.includes('file') && !raw.includes('files') && namesAFile(query)) {
    const pf = new Map<string, number>();
    addForm(pf, 'file', FORM_WEIGHT.lexicon);
    p.groups.push({ word: 'file name', forms: formsOf(pf) });
  }
}

/**
 * A request that opens with a verb no list knows ("recall…", "convert…", "research…") takes the
 * action of the first of its WordNet verb senses (synonyms, then hypernyms) that has one:
 * recall → remember, retrieve → read; convert → change → update; extract → (remove) take → read.
 */
function openingVerbAction(p: Planning, opening: string | undefined): void {
  const { w } = p;
  if (p.actionWord !== undefined || w === undefined || opening === undefined || QUESTION_WORDS[opening]) {
    return;
  }
  for (const v of w.verbSenses(opening)) {
    // Never a removal by inference ("extract" → remove): only a word that says so deletes.
    const classes = (v.includes(' ') ? [] : (VERB_CLASS.get(stem(v)) ?? [])).filter(
      (c) => !DESTRUCTIVE_CLASSES.has(c),
    );
    if (classes.length > 0) {
      for (const cls of classes) {
        p.actions.add(cls);
      }
      break;
    }
  }
}
