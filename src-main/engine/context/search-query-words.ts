import { INTENTS } from './lexicon.js';
import { stem } from './search-words.js';

/**
 * What single words and word shapes of a request say to the tool search: question words, the
 * action classes of verbs, questions about what already exists, file names, phrases with gaps
 * and one-edit typos.
 */

/** Question words carry intent; they widen the query before stop words go. */
export const QUESTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  who: ['user', 'member', 'people'],
  where: ['location', 'search', 'find'],
  why: ['analyze', 'cause', 'root'],
  when: ['time', 'date', 'modified'],
  what: [],
  which: ['list'],
  how: [],
};

/** Verbs that open tool names and descriptions, mapped to their intent classes. */
export const VERB_CLASS = new Map<string, string[]>();
for (const [cls, verbs] of Object.entries(INTENTS)) {
  for (const v of verbs) {
    const key = stem(v);
    VERB_CLASS.set(key, [...(VERB_CLASS.get(key) ?? []), cls]);
  }
}
/** HTTP-style names (`API-post-page`) and a few common tool verbs. */
for (const [verb, cls] of [
  ['patch', 'update'],
  ['put', 'update'],
  ['toggle', 'update'],
  ['take', 'read'],
  ['capture', 'read'],
  ['query', 'search'],
  ['append', 'create'],
] as const) {
  VERB_CLASS.set(stem(verb), [...(VERB_CLASS.get(stem(verb)) ?? []), cls]);
}
export const READ_CLASSES = new Set(['read', 'list', 'search', 'analyze']);
export const DESTRUCTIVE_CLASSES = new Set(['delete', 'stop']);

/** Auxiliaries that open a question about what already exists ("have you stored…", "is there…"). */
const AUXILIARIES = new Set(['have', 'has', 'had', 'did', 'do', 'does', 'is', 'are', 'was', 'were', 'any']);
const WH_WORDS = new Set(['where', 'who', 'what', 'which', 'when', 'how', 'why']);

/**
 * Whether a request asks about something already there rather than asking to do it: it opens
 * with an auxiliary ("have you stored…", "is there a file…", "did anyone…") or with a question
 * word and a past or perfect auxiliary ("where did we write down…", "what does it say…"; not
 * "what is", which asks for a thing). Its action verbs then describe what was done before, and
 * the tool wanted searches or reads.
 */
export function asksAboutWhatExists(words: readonly string[]): boolean {
  const [first, second] = words;
  if (first === undefined) {
    return false;
  }
  if (AUXILIARIES.has(first)) {
    return true;
  }
  return (
    WH_WORDS.has(first) &&
    second !== undefined &&
    AUXILIARIES.has(second) &&
    second !== 'is' &&
    second !== 'are' &&
    second !== 'any'
  );
}

/** Endings that make `name.ext` a web address rather than a file name. */
const WEB_ENDINGS = new Set([
  'com',
  'org',
  'net',
  'io',
  'dev',
  'app',
  'ai',
  'co',
  'gov',
  'edu',
  'html',
  'htm',
]);

/** Whether the request contains a file name or extension (`report.doc`, `*.log`, `.gz`). */
export function namesAFile(query: string): boolean {
  for (const m of query.matchAll(/(?:^|[\s*"'(])[\w-]*\.([a-z][a-z0-9]{0,4})(?=$|[\s"'),;:!?])/gi)) {
    if (!WEB_ENDINGS.has((m[1] ?? '').toLowerCase())) {
      return true;
    }
  }
  return false;
}

/** Max words between two words of a phrase. */
const PHRASE_GAP = 3;

/** Whether `words` contain the phrase's words in order, each within PHRASE_GAP of the previous. */
export function containsPhrase(words: readonly string[], phrase: string): boolean {
  const parts = phrase.split(' ');
  const first = parts[0] ?? '';
  for (let start = words.indexOf(first); start >= 0; start = words.indexOf(first, start + 1)) {
    let at = start;
    let ok = true;
    for (const part of parts.slice(1)) {
      const next = words.indexOf(part, at + 1);
      if (next < 0 || next - at - 1 > PHRASE_GAP) {
        ok = false;
        break;
      }
      at = next;
    }
    if (ok) {
      return true;
    }
  }
  return false;
}

/** Whether two words are at most one edit apart (insertion, deletion, substitution or swap). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) {
    return true;
  }
  if (a.length === b.length) {
    let diff = -1;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        if (diff >= 0) {
          // Allow one swap of neighbours.
          return i === diff + 1 && a[diff] === b[i] && a[i] === b[diff] && a.slice(i + 1) === b.slice(i + 1);
        }
        diff = i;
      }
    }
    return true;
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) {
    return false;
  }
  let i = 0;
  while (i < short.length && short[i] === long[i]) {
    i++;
  }
  return short.slice(i) === long.slice(i + 1);
}
