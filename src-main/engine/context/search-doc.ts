import type { Tool } from '@modelcontextprotocol/client';

import type { CatalogTool } from '../types.js';
import { PRODUCT_CATEGORIES } from './lexicon.js';
import { VERB_CLASS } from './search-query-words.js';
import type { ParamInfo, ServerInfo } from './search-types.js';
import { type Field, FIELDS, MAX_DESCRIPTION, MAX_SERVER_TEXT, SUMMARY_MAX } from './search-weights.js';
import { oneLine, requiredParams, type SchemaNode, splitWords, stem, STOP_WORDS } from './search-words.js';

/**
 * One tool as the search indexes it: its words per BM25F field, its name words, its actions and
 * annotations, and what a search answer shows of it. Built once per changed definition.
 */
export interface Doc {
  id: string;
  server: string;
  name: string;
  definition: Tool;
  /** Per field: stem → count; and field lengths. */
  tf: Map<string, number>[];
  len: number[];
  /** Stems of the tool's own name words, without a server or namespace prefix. */
  nameStems: string[];
  /** Stems of the tool's name and title words (what the second stage's coverage looks at). */
  nameTitle: string[];
  /** nameStems and nameTitle without the server's namespace words (set when the index is rebuilt). */
  ownName: string[];
  ownNameTitle: string[];
  /** Action classes of the tool (from the verbs its name and description start with). */
  actions: Set<string>;
  readOnly: boolean;
  destructive: boolean;
  required: ParamInfo[];
  summary: string;
  /** Neighbouring content words (stems) of the name, title and description, as unordered pairs. */
  pairs: Set<string>;
  /** All fields combined: stem → BM25F-normalised frequency (set when the index is rebuilt). */
  terms: Map<string, number>;
}

function paramParts(tool: Tool): { names: string[]; enums: string[]; text: string[] } {
  const names: string[] = [];
  const enums: string[] = [];
  const text: string[] = [];
  const props = (tool.inputSchema as SchemaNode).properties ?? {};
  for (const [name, node] of Object.entries(props)) {
    names.push(name);
    if (typeof node.description === 'string') {
      text.push(node.description.slice(0, 300));
    }
    const values = Array.isArray(node.enum)
      ? node.enum
      : node.items !== null &&
          typeof node.items === 'object' &&
          Array.isArray((node.items as SchemaNode).enum)
        ? ((node.items as SchemaNode).enum as unknown[])
        : [];
    for (const v of values.slice(0, 40)) {
      if (typeof v === 'string') {
        enums.push(v);
      }
    }
  }
  return { names, enums, text };
}

/** Words a server is known by: its own name, title, description, instructions, and product categories. */
export function serverWords(server: ServerInfo | undefined, serverName: string): string {
  const own = [
    serverName,
    server?.title ?? '',
    server?.description ?? '',
    (server?.instructions ?? '').slice(0, MAX_SERVER_TEXT),
  ].join(' ');
  const categories: string[] = [];
  for (const w of namesAProduct(serverName, server)) {
    categories.push(...(PRODUCT_CATEGORIES[w] ?? []));
  }
  return `${own} ${categories.join(' ')}`;
}

/** Key of an unordered pair of stems ("network requests" and "requests of the network" alike). */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** Known products (PRODUCT_CATEGORIES keys) a server's name or title names. */
export function namesAProduct(serverName: string, server: ServerInfo | undefined): string[] {
  return [...new Set(splitWords(`${serverName} ${server?.title ?? ''}`))].filter(
    (w) => PRODUCT_CATEGORIES[w] !== undefined,
  );
}

function counts(words: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) {
    if (!STOP_WORDS.has(w)) {
      const s = stem(w);
      m.set(s, (m.get(s) ?? 0) + 1);
    }
  }
  return m;
}

/** Name words without a leading product or namespace prefix (`slack_post_message` → post message). */
function actionWords(name: string, server: string): string[] {
  const serverWordsSet = new Set(splitWords(server));
  const words = splitWords(name).filter((w) => !serverWordsSet.has(w) && w !== 'api' && w !== 'browser');
  return words;
}

/** Action classes of the verbs a tool's name (past its prefix) and description open with. */
export function actionsOf(tool: Tool, server: string): Set<string> {
  const out = new Set<string>();
  const first = actionWords(tool.name, server)[0];
  const descFirst = splitWords(oneLine(tool.description, 80))[0];
  for (const w of [first, descFirst]) {
    if (w !== undefined) {
      for (const c of VERB_CLASS.get(stem(w)) ?? []) {
        out.add(c);
      }
    }
  }
  return out;
}

export function docOf(t: CatalogTool, serverText: string): Doc {
  const def = t.definition;
  const params = paramParts(def);
  const fields: Record<Field, string[]> = {
    name: splitWords(t.name),
    title: splitWords(def.title ?? ''),
    description: splitWords((def.description ?? '').slice(0, MAX_DESCRIPTION)),
    params: params.names.flatMap(splitWords),
    enums: params.enums.flatMap(splitWords),
    paramText: splitWords(params.text.join(' ')),
    server: splitWords(serverText),
  };
  const tf = FIELDS.map((f) => counts(fields[f]));
  const pairs = new Set<string>();
  for (const words of [fields.name, fields.title, fields.description]) {
    const content = words.filter((w) => !STOP_WORDS.has(w)).map(stem);
    for (let i = 0; i + 1 < content.length; i++) {
      pairs.add(pairKey(content[i] ?? '', content[i + 1] ?? ''));
    }
  }
  return {
    pairs,
    id: t.id,
    server: t.server,
    name: t.name,
    definition: def,
    tf,
    len: tf.map((m) => [...m.values()].reduce((a, b) => a + b, 0)),
    nameStems: actionWords(t.name, t.server).map(stem),
    nameTitle: [
      ...new Set([
        ...(tf[FIELDS.indexOf('name')]?.keys() ?? []),
        ...(tf[FIELDS.indexOf('title')]?.keys() ?? []),
      ]),
    ],
    ownName: [],
    ownNameTitle: [],
    actions: actionsOf(def, t.server),
    readOnly: def.annotations?.readOnlyHint === true,
    destructive: def.annotations?.destructiveHint === true && def.annotations.readOnlyHint !== true,
    required: requiredParams(def),
    summary: oneLine(def.description, SUMMARY_MAX),
    terms: new Map(),
  };
}
