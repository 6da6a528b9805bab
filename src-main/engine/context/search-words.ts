import type { Tool } from '@modelcontextprotocol/client';
import { stemmer } from 'stemmer';

import type { ParamInfo } from './search-types.js';

/**
 * Words as the tool search sees them, in index and query alike: identifiers split, stop words,
 * the Porter stem (memoised), and the one-line summary and required parameters of a tool.
 */

/** Memo of the stemmer (the search's module-level tables are stemmed as they load). */
const stems = new Map<string, string>();

export const STOP_WORDS = new Set(
  (
    'a an the to of for in on at by with and or is are be it its this that these those i me my we our you your ' +
    'please can could would should will do does did want need some any from into as using use via then ' +
    'what which who how so there here up out about just now me us them their his her him she he they ' +
    'was were been being am has have had get got let s t don isn m re ve ll d one thing stuff something ' +
    'when where why whom whose'
  ).split(' '),
);

/** Split identifiers into words: snake, kebab, camel and digit boundaries. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Porter stemmer, applied to index and query alike (memoised, bounded). */
export function stem(word: string): string {
  if (word.length <= 2) {
    return word;
  }
  let s = stems.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stems.size >= 50_000) {
      stems.clear();
    }
    stems.set(word, s);
  }
  return s;
}

/** A request's content words, stemmed: what the learned pairings are keyed by. */
export function contentWords(query: string): string[] {
  return [
    ...new Set(
      splitWords(query)
        .filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w))
        .map(stem),
    ),
  ];
}

/** First sentence (or line), at most `max` characters. */
export function oneLine(text: string | undefined, max = 160): string {
  if (text === undefined) {
    return '';
  }
  const line =
    text
      .trim()
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? '';
  const sentence = /^(.+?[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

export interface SchemaNode {
  type?: unknown;
  description?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: unknown;
  items?: unknown;
  enum?: unknown;
  anyOf?: unknown;
}

function typeOf(node: SchemaNode | undefined): string {
  if (node === undefined) {
    return 'any';
  }
  if (typeof node.type === 'string') {
    if (
      node.type === 'array' &&
      node.items !== null &&
      typeof node.items === 'object' &&
      !Array.isArray(node.items)
    ) {
      return `${typeOf(node.items as SchemaNode)}[]`;
    }
    return node.type;
  }
  if (Array.isArray(node.type)) {
    return node.type.join('|');
  }
  if (Array.isArray(node.enum)) {
    return 'enum';
  }
  if (Array.isArray(node.anyOf)) {
    return node.anyOf.map((n) => typeOf(n as SchemaNode)).join('|');
  }
  return 'any';
}

/** Required top-level parameters with their types. */
export function requiredParams(tool: Tool): ParamInfo[] {
  const schema = tool.inputSchema as SchemaNode;
  const props = schema.properties ?? {};
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  return required
    .filter((r): r is string => typeof r === 'string')
    .map((name) => ({ name, type: typeOf(props[name]) }));
}
