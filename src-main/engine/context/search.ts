import type { Tool } from '@modelcontextprotocol/client';
import { stemmer } from 'stemmer';

import type { CatalogTool } from '../types.js';
import { CATEGORY_SIGNS, EVERYDAY, INTENTS, PHRASES, PRODUCT_CATEGORIES, SYNONYMS } from './lexicon.js';
import { createWordNet, type WordNet } from './wordnet.js';

/** Memo of the stemmer (declared first: module-level tables below are stemmed as they load). */
const stems = new Map<string, string>();

/**
 * Ranked tool search that bridges the words people use and the words tool authors use.
 *
 * Signals (see README.md in this folder for the fusion rule and its weights):
 * - lexical: BM25F over the tool's name words, title, description, parameter names, enum
 *   values, parameter descriptions and its server's own words (name, title, description,
 *   instructions, and the categories of a known product: "chat" for Slack; for an unknown
 *   product, the kinds of software its tools' words show), Porter-stemmed;
 * - query expansion, each query word a group whose best-matching form counts: WordNet lemmas,
 *   synonyms, derived forms and hypernyms, plus a small everyday lexicon;
 * - verb–object intent: the action a query asks for (create, read, send, delete, …; for a verb
 *   no list knows, from its WordNet verb senses) against the action a tool's name or
 *   description starts with;
 * - annotations as tie-breakers: read-only tools for questions, destructive ones for removals;
 * - optional lifts from outside (learned from use, embeddings), fused by the same rule;
 * - a second stage over the best few: name and title coverage, name words the request explains
 *   (a server's namespace words excluded) and term proximity.
 * Deterministic: equal inputs give equal rankings; ties are broken by tool id.
 */

export interface ServerInfo {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  instructions?: string | undefined;
}

export interface ParamInfo {
  name: string;
  type: string;
}

export interface SearchHit {
  /** The exposed tool id to call. */
  id: string;
  server: string;
  name: string;
  /** First sentence of the description, at most one line. */
  summary: string;
  /** Required parameters with their JSON types, enough to call without describing first. */
  required: ParamInfo[];
  /** Why the tool matched, compactly: query words, `word→tool word` when bridged, `used before`. */
  matched: string[];
  score: number;
}

export interface SearchOptions {
  limit?: number;
  /** Only tools of this server. */
  server?: string;
  /** Learned lift per tool id, 0..1 (from searches followed by a call). */
  learned?: ReadonlyMap<string, number>;
  /** Semantic similarity per tool id, -1..1 (embeddings), when that ranking is on. */
  semantic?: ReadonlyMap<string, number>;
}

export interface ToolSearch {
  /** Bring the index in line with these tools; only changed tools are re-analysed. */
  sync(tools: readonly CatalogTool[], servers: readonly ServerInfo[]): void;
  search(query: string, options?: SearchOptions): SearchHit[];
  size(): number;
}

// ---------------------------------------------------------------- fusion weights

/**
 * The fusion rule: score = L + W_INTENT·I + W_ANNOTATION·A + W_LEARNED·U, where L is the lexical
 * score divided by the best lexical score of the query (0..1), I is 1 when the query's action
 * matches the tool's, A is +1/−1 when the annotations fit/contradict the query, U the learned
 * lift (0..1). With embeddings, L is replaced by (1 − W_SEMANTIC)·L + W_SEMANTIC·S, S the cosine
 * similarity scaled min–max over the tools ranked (the best 1, the worst 0).
 */
export const FUSION = {
  intent: 0.12,
  annotation: 0.04,
  learned: 0.3,
  semantic: 0.5,
} as const;

/**
 * Second stage over the best RERANK_DEPTH tools: a tool's name and title say what it does, so
 * R = W_COVERAGE·(query groups matched in name or title) / (query groups)
 *   + W_NAME·(the tool's own name words explained by the query) / (its name words);
 * a name word is explained when a query form matches it or its verb has the query's action.
 * It separates tools whose descriptions or server match equally ("folder" matches every
 * filesystem tool's server text; `list_directory` is the one whose name answers it). With
 * embeddings on there is no second stage: similarity of meaning already weighs names and
 * descriptions together, and R was tuned on the words-only ranking.
 */
export const RERANK = {
  depth: 20,
  coverage: 0.4,
  name: 0.4,
  proximity: 0.1,
} as const;

/**
 * Term proximity: two neighbouring query words say more together when the tool's name, title or
 * description has them side by side too ("network requests", "reverse geocode"). Forms weaker
 * than this (WordNet relations, prefixes, typos) do not count: side by side they match by chance.
 */
const PROXIMITY_MIN_FORM = 0.5;

/** Pair keys of the strong forms of every two neighbouring query words (once per query). */
function neighbourPairs(groups: readonly Group[]): string[] {
  const keys = new Set<string>();
  for (const a of groups) {
    const b = a.at === undefined ? undefined : groups.find((g) => g.at === (a.at ?? 0) + 1);
    if (b === undefined) {
      continue;
    }
    for (const fa of a.forms) {
      if (fa.weight < PROXIMITY_MIN_FORM) {
        continue;
      }
      for (const fb of b.forms) {
        if (fb.weight >= PROXIMITY_MIN_FORM) {
          keys.add(pairKey(fa.term, fb.term));
        }
      }
    }
  }
  return [...keys];
}

/**
 * A verb alone says little about which tool (every server can "find" or "get"); its object says
 * more. Groups of words that name an action weigh this much; the intent signal scores the verb.
 */
const VERB_GROUP_WEIGHT = 0.6;

/** Weights of a query word's forms within its group. */
const FORM_WEIGHT = {
  exact: 1,
  lemma: 1,
  lexicon: 0.8,
  intent: 0.5,
  wordnet: 0.3,
  prefix: 0.6,
  fuzzy: 0.5,
} as const;

/** BM25F field weights: a word in a tool's name says more than one in a parameter description. */
const FIELD_WEIGHT = {
  name: 3,
  title: 2,
  description: 1,
  params: 0.8,
  enums: 0.5,
  paramText: 0.3,
  server: 1.5,
} as const;
type Field = keyof typeof FIELD_WEIGHT;
const FIELDS = Object.keys(FIELD_WEIGHT) as Field[];
const K1 = 1.2;
const B = 0.75;
/** Long descriptions (some run to pages) are indexed up to here: the start says what a tool does. */
const MAX_DESCRIPTION = 1200;
const MAX_SERVER_TEXT = 600;
/** Search answers stay small: one short line per tool, a few reasons each. */
const SUMMARY_MAX = 110;
const MAX_REASONS = 3;

const STOP_WORDS = new Set(
  (
    'a an the to of for in on at by with and or is are be it its this that these those i me my we our you your ' +
    'please can could would should will do does did want need some any from into as using use via then ' +
    'what which who how so there here up out about just now me us them their his her him she he they ' +
    'was were been being am has have had get got let s t don isn m re ve ll d one thing stuff something ' +
    'when where why whom whose'
  ).split(' '),
);

/** Question words carry intent; they widen the query before stop words go. */
const QUESTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  who: ['user', 'member', 'people'],
  where: ['location', 'search', 'find'],
  why: ['analyze', 'cause', 'root'],
  when: ['time', 'date', 'modified'],
  what: [],
  which: ['list'],
  how: [],
};

/** Verbs that open tool names and descriptions, mapped to their intent classes. */
const VERB_CLASS = new Map<string, string[]>();
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
const READ_CLASSES = new Set(['read', 'list', 'search', 'analyze']);
const DESTRUCTIVE_CLASSES = new Set(['delete', 'stop']);

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

interface SchemaNode {
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

// ---------------------------------------------------------------- documents

interface Doc {
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
function serverWords(server: ServerInfo | undefined, serverName: string): string {
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
function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** Known products (PRODUCT_CATEGORIES keys) a server's name or title names. */
function namesAProduct(serverName: string, server: ServerInfo | undefined): string[] {
  return [...new Set(splitWords(`${serverName} ${server?.title ?? ''}`))].filter(
    (w) => PRODUCT_CATEGORIES[w] !== undefined,
  );
}

const CATEGORIES = Object.values(CATEGORY_SIGNS).map((c) => ({
  signs: c.signs.map(stem),
  words: [...new Set(c.words.map(stem))],
}));
/** Share of a server's tools that must use a category's signs (CATEGORY_SIGNS in lexicon.ts). */
const CATEGORY_SHARE = 0.5;

/**
 * Category words (stems) of servers that name no known product, from what their tools say:
 * a category counts when at least CATEGORY_SHARE of the server's tools use its signs in their
 * name or description, two different signs at least.
 */
function derivedCategories(docs: readonly Doc[], skip: (server: string) => boolean): Map<string, string[]> {
  const description = FIELDS.indexOf('description');
  const per = new Map<string, { tools: number; hits: number[]; signs: Set<string>[] }>();
  for (const d of docs) {
    if (skip(d.server)) {
      continue;
    }
    let p = per.get(d.server);
    if (p === undefined) {
      p = { tools: 0, hits: CATEGORIES.map(() => 0), signs: CATEGORIES.map(() => new Set()) };
      per.set(d.server, p);
    }
    p.tools++;
    const name = d.tf[NAME_FIELD];
    const desc = d.tf[description];
    CATEGORIES.forEach((cat, ci) => {
      let used = false;
      for (const sign of cat.signs) {
        if (name?.has(sign) === true || desc?.has(sign) === true) {
          used = true;
          p.signs[ci]?.add(sign);
        }
      }
      if (used) {
        p.hits[ci] = (p.hits[ci] ?? 0) + 1;
      }
    });
  }
  const out = new Map<string, string[]>();
  for (const [server, p] of per) {
    const words = new Set<string>();
    CATEGORIES.forEach((cat, ci) => {
      if ((p.hits[ci] ?? 0) >= CATEGORY_SHARE * p.tools && (p.signs[ci]?.size ?? 0) >= 2) {
        cat.words.forEach((w) => words.add(w));
      }
    });
    if (words.size > 0) {
      out.set(server, [...words]);
    }
  }
  return out;
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

function actionsOf(tool: Tool, server: string): Set<string> {
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

function docOf(t: CatalogTool, serverText: string): Doc {
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

/**
 * A server's namespace words: name words at least NAMESPACE_SHARE of its tools share (`browser`
 * in `browser_click`, `api` in `API-post-page`, `generate` in `generate_bar_chart`). They say
 * which server, not which tool: in the name field they weigh as server words, and the second
 * stage does not count them as name words. Derived from the listing, never hand-listed.
 */
const NAMESPACE_SHARE = 0.8;
/** Below this many tools a shared word is as likely the server's one subject as a prefix. */
const NAMESPACE_MIN_TOOLS = 4;
const NAME_FIELD = FIELDS.indexOf('name');

function namespaceWords(
  docs: readonly { server: string; tf: Map<string, number>[] }[],
): Map<string, Set<string>> {
  const perServer = new Map<string, { tools: number; words: Map<string, number> }>();
  for (const d of docs) {
    let s = perServer.get(d.server);
    if (s === undefined) {
      s = { tools: 0, words: new Map() };
      perServer.set(d.server, s);
    }
    s.tools++;
    for (const w of d.tf[NAME_FIELD]?.keys() ?? []) {
      s.words.set(w, (s.words.get(w) ?? 0) + 1);
    }
  }
  const out = new Map<string, Set<string>>();
  for (const [server, s] of perServer) {
    if (s.tools < NAMESPACE_MIN_TOOLS) {
      continue;
    }
    const ns = new Set([...s.words].filter(([, n]) => n >= NAMESPACE_SHARE * s.tools).map(([w]) => w));
    if (ns.size > 0) {
      out.set(server, ns);
    }
  }
  return out;
}

// ---------------------------------------------------------------- query analysis

interface Form {
  term: string;
  weight: number;
}

interface Group {
  /** The query word (or two-word phrase) this group stands for. */
  word: string;
  forms: Form[];
  /** Position of the query word among the query's content words (phrases have none). */
  at?: number;
}

interface QueryPlan {
  groups: Group[];
  actions: Set<string>;
  readish: boolean;
  destructive: boolean;
}

function addForm(forms: Map<string, number>, term: string, weight: number): void {
  if (term.length === 0 || STOP_WORDS.has(term)) {
    return;
  }
  const s = stem(term);
  if ((forms.get(s) ?? 0) < weight) {
    forms.set(s, weight);
  }
}

// ---------------------------------------------------------------- the index

export function createToolSearch(
  options: {
    wordnet?: WordNet | false;
    /** The second stage (RERANK); off only to measure it. */ rerank?: boolean;
    /**
     * The hand-kept everyday vocabulary (SYNONYMS, EVERYDAY, PHRASES in lexicon.ts); off only to
     * measure how the general signals do on words no list anticipated.
     */
    lexicon?: boolean;
  } = {},
): ToolSearch {
  let wordnet: WordNet | undefined;
  const lexicon = options.lexicon !== false;
  const wn = (): WordNet | undefined => {
    if (options.wordnet === false) {
      return undefined;
    }
    wordnet ??= options.wordnet ?? createWordNet();
    return wordnet;
  };

  /** What each indexed tool was built from, to skip unchanged ones on sync. */
  const docs = new Map<string, { definition: Tool; serverText: string; tool: CatalogTool; doc: Doc }>();
  let dirty = true;
  const serverTexts = new Map<string, { info: ServerInfo | undefined; text: string }>();
  const serverTextOf = (name: string, info: ServerInfo | undefined): string => {
    const m = serverTexts.get(name);
    if (
      m !== undefined &&
      m.info?.title === info?.title &&
      m.info?.description === info?.description &&
      m.info?.instructions === info?.instructions
    ) {
      return m.text;
    }
    const text = serverWords(info, name);
    if (serverTexts.size >= 10_000) {
      serverTexts.clear();
    }
    serverTexts.set(name, { info: info === undefined ? undefined : { ...info }, text });
    return text;
  };
  let ordered: Doc[] = [];
  /** stem → postings (doc index, BM25F-normalised term frequency). */
  let postings = new Map<string, { doc: number; tf: number }[]>();
  let vocabulary: string[] = [];
  /** A readable word for each stem (the first form seen in the tools), for "why it matched". */
  const surface = new Map<string, string>();

  const rebuild = (): void => {
    ordered = [...docs.values()].map((d) => d.doc).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const avg = FIELDS.map((_, f) => {
      const total = ordered.reduce((a, d) => a + (d.len[f] ?? 0), 0);
      return ordered.length > 0 ? Math.max(1, total / ordered.length) : 1;
    });
    postings = new Map();
    const namespaces = namespaceWords(ordered);
    const categories = derivedCategories(
      ordered,
      (server) => namesAProduct(server, serverTexts.get(server)?.info).length > 0,
    );
    ordered.forEach((d, i) => {
      const ns = namespaces.get(d.server);
      d.ownName = ns === undefined ? d.nameStems : d.nameStems.filter((w) => !ns.has(w));
      d.ownNameTitle = ns === undefined ? d.nameTitle : d.nameTitle.filter((w) => !ns.has(w));
      const combined = new Map<string, number>();
      FIELDS.forEach((field, f) => {
        const norm = 1 - B + (B * (d.len[f] ?? 0)) / (avg[f] ?? 1);
        for (const [term, n] of d.tf[f] ?? []) {
          // A namespace word in a name weighs as a server word: it says which server, not which tool.
          const weight =
            f === NAME_FIELD && ns?.has(term) === true ? FIELD_WEIGHT.server : FIELD_WEIGHT[field];
          combined.set(term, (combined.get(term) ?? 0) + (weight * n) / norm);
        }
      });
      // A derived category word weighs as a server word once (not length-normalised: a few words).
      for (const term of categories.get(d.server) ?? []) {
        if (!combined.has(term)) {
          combined.set(term, FIELD_WEIGHT.server);
        }
      }
      d.terms = combined;
      for (const [term, tf] of combined) {
        let list = postings.get(term);
        if (list === undefined) {
          list = [];
          postings.set(term, list);
        }
        list.push({ doc: i, tf });
      }
    });
    vocabulary = [...postings.keys()].sort();
    dirty = false;
  };

  /** Why a tool matched: per query group, the form that scored best in it. */
  const explain = (groups: readonly Group[], doc: Doc): string[] => {
    const out: string[] = [];
    for (const g of groups) {
      let best: Form | undefined;
      let bestScore = 0;
      for (const form of g.forms) {
        const tf = doc.terms.get(form.term);
        if (tf !== undefined) {
          const score = form.weight * idf(form.term) * ((tf * (K1 + 1)) / (tf + K1));
          if (score > bestScore) {
            bestScore = score;
            best = form;
          }
        }
      }
      if (best !== undefined) {
        const label =
          stem(g.word) === best.term ? g.word : `${g.word}→${surface.get(best.term) ?? best.term}`;
        if (!out.includes(label)) {
          out.push(label);
        }
      }
    }
    return out;
  };

  const idf = (term: string): number => {
    const df = postings.get(term)?.length ?? 0;
    const n = ordered.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  /** Vocabulary stems that start with `prefix` (for words the tools do not contain as such). */
  const withPrefix = (prefix: string): string[] => {
    let lo = 0;
    let hi = vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((vocabulary[mid] ?? '') < prefix) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const out: string[] = [];
    for (let i = lo; i < vocabulary.length && out.length < 8; i++) {
      const v = vocabulary[i] ?? '';
      if (!v.startsWith(prefix)) {
        break;
      }
      out.push(v);
    }
    return out;
  };

  /** Vocabulary stems one edit (insert, delete, substitute, swap) away: typos. */
  const oneEditAway = (word: string): string[] => {
    const out: string[] = [];
    for (const v of vocabulary) {
      if (Math.abs(v.length - word.length) <= 1 && v !== word && withinOneEdit(v, word)) {
        out.push(v);
        if (out.length >= 4) {
          break;
        }
      }
    }
    return out;
  };

  /** The second stage's lift (see RERANK). */
  const rerankScore = (
    q: QueryPlan,
    groupsOf: ReadonlyMap<string, readonly number[]>,
    neighbours: readonly string[],
    doc: Doc,
  ): number => {
    // Few name and title words per tool: look each up among the query's forms, not the reverse.
    const covered = new Set<number>();
    for (const t of doc.ownNameTitle) {
      for (const g of groupsOf.get(t) ?? []) {
        covered.add(g);
      }
    }
    let explained = 0;
    for (const w of doc.ownName) {
      if (groupsOf.has(w) || (VERB_CLASS.get(w) ?? []).some((c) => q.actions.has(c))) {
        explained += 1;
      }
    }
    return (
      (neighbours.some((k) => doc.pairs.has(k)) ? RERANK.proximity : 0) +
      (RERANK.coverage * covered.size) / q.groups.length +
      (doc.ownName.length > 0 ? (RERANK.name * explained) / doc.ownName.length : 0)
    );
  };

  const plan = (query: string): QueryPlan => {
    const raw = splitWords(query);
    const groups: Group[] = [];
    const actions = new Set<string>();
    let readish = false;
    let destructive = false;
    let actionWord: string | undefined;
    // Numbers (ids, amounts) name no tool.
    const lexical = raw.filter(
      (w) => !/^\d+$/.test(w) && (!STOP_WORDS.has(w) || QUESTION_WORDS[w] !== undefined),
    );
    for (const word of raw) {
      if (['what', 'which', 'who', 'how', 'where', 'why', 'when', 'show', 'list', 'find'].includes(word)) {
        readish = true;
      }
    }
    // "have you stored…", "where did we write down…": the verb tells what was done before;
    // the tool wanted looks it up.
    if (asksAboutWhatExists(raw)) {
      readish = true;
      actions.add('search');
      actions.add('read');
      actionWord = '';
    }
    const w = wn();
    for (let i = 0; i < lexical.length; i++) {
      const word = lexical[i] ?? '';
      const forms = new Map<string, number>();
      const question = QUESTION_WORDS[word];
      if (question !== undefined) {
        for (const q of question) {
          addForm(forms, q, FORM_WEIGHT.lexicon * 0.6);
        }
        if (forms.size > 0) {
          groups.push({ word, forms: [...forms].map(([term, weight]) => ({ term, weight })) });
        }
        continue;
      }
      addForm(forms, word, FORM_WEIGHT.exact);
      const lemmas = w?.lemmas(word) ?? [];
      for (const l of lemmas) {
        if (!l.includes('_')) {
          addForm(forms, l, FORM_WEIGHT.lemma);
        }
      }
      const base = [word, ...lemmas];
      for (const b of base) {
        for (const s of lexicon ? [...(SYNONYMS[b] ?? []), ...(EVERYDAY[b] ?? [])] : []) {
          addForm(forms, s, FORM_WEIGHT.lexicon);
        }
        for (const cls of VERB_CLASS.get(stem(b)) ?? []) {
          // The action is the query's first action word ("show the records": show, not record).
          if (actionWord === undefined || actionWord === word) {
            actionWord = word;
            actions.add(cls);
            if (DESTRUCTIVE_CLASSES.has(cls)) {
              destructive = true;
            }
          }
          const canonical = INTENTS[cls]?.[0];
          if (canonical !== undefined) {
            addForm(forms, canonical, FORM_WEIGHT.intent);
          }
        }
      }
      if (w !== undefined && word.length > 2 && !/^\d+$/.test(word)) {
        for (const r of w.related(word)) {
          if (!r.word.includes(' ')) {
            addForm(forms, r.word, FORM_WEIGHT.wordnet * r.weight);
          }
        }
      }
      // Words the tools never use: try them as prefixes, then as typos.
      if (![...forms.keys()].some((t) => postings.has(t)) && word.length >= 3) {
        const s = stem(word);
        for (const p of withPrefix(s)) {
          addForm(forms, p, FORM_WEIGHT.prefix);
        }
        if (word.length >= 5 && forms.size <= 1) {
          for (const p of oneEditAway(s)) {
            addForm(forms, p, FORM_WEIGHT.fuzzy);
          }
        }
      }
      const scale = VERB_CLASS.has(stem(word)) ? VERB_GROUP_WEIGHT : 1;
      groups.push({
        word,
        at: i,
        forms: [...forms].map(([term, weight]) => ({ term, weight: weight * scale })),
      });
      // Two-word phrases WordNet knows ("look up", "catch up", "let know") add their relations.
      const next = lexical[i + 1];
      if (w !== undefined && next !== undefined) {
        const phrase = `${word} ${next}`;
        if (w.lemmas(phrase).length > 0) {
          const pf = new Map<string, number>();
          for (const r of w.related(phrase)) {
            if (!r.word.includes(' ')) {
              addForm(pf, r.word, FORM_WEIGHT.wordnet * r.weight);
            }
          }
          if (pf.size > 0) {
            groups.push({ word: phrase, forms: [...pf].map(([term, weight]) => ({ term, weight })) });
          }
        }
      }
    }
    // Everyday phrases ("let people know", "root cause") are one more group each. Their words
    // may have a few others between them ("let the whole team know", "look it up").
    for (const [phrase, targets] of lexicon ? Object.entries(PHRASES) : []) {
      if (containsPhrase(raw, phrase)) {
        const pf = new Map<string, number>();
        for (const t of targets) {
          addForm(pf, t, FORM_WEIGHT.lexicon);
        }
        groups.push({ word: phrase, forms: [...pf].map(([term, weight]) => ({ term, weight })) });
      }
    }
    // A file name ("report.doc", "*.log") names a file even when the word "file" is missing.
    if (!raw.includes('file') && !raw.includes('files') && namesAFile(query)) {
      const pf = new Map<string, number>();
      addForm(pf, 'file', FORM_WEIGHT.lexicon);
      groups.push({ word: 'file name', forms: [...pf].map(([term, weight]) => ({ term, weight })) });
    }
    // A request that opens with a verb no list knows ("recall…", "convert…", "research…") takes
    // the action of the first of its WordNet verb senses (synonyms, then hypernyms) that has one:
    // recall → remember, retrieve → read; convert → change → update; extract → (remove) take → read.
    const opening = lexical[0];
    if (actionWord === undefined && w !== undefined && opening !== undefined && !QUESTION_WORDS[opening]) {
      for (const v of w.verbSenses(opening)) {
        // Never a removal by inference ("extract" → remove): only a word that says so deletes.
        const classes = (v.includes(' ') ? [] : (VERB_CLASS.get(stem(v)) ?? [])).filter(
          (c) => !DESTRUCTIVE_CLASSES.has(c),
        );
        if (classes.length > 0) {
          for (const cls of classes) {
            actions.add(cls);
          }
          break;
        }
      }
    }
    const readOnlyAsk = readish && !destructive && ![...actions].some((a) => !READ_CLASSES.has(a));
    return { groups, actions, readish: readOnlyAsk, destructive };
  };

  return {
    sync(tools, servers) {
      // Meta search syncs before every search: an unchanged catalog must cost little. Server
      // texts are memoised (the same string object each time, so comparing them below is a
      // pointer check, not hundreds of characters per tool), and the pass that drops removed
      // tools runs only when the counts say something was removed.
      const serverByName = new Map(servers.map((s) => [s.name, s]));
      const textOf = new Map<string, string>();
      for (const t of tools) {
        let serverText = textOf.get(t.server);
        if (serverText === undefined) {
          serverText = serverTextOf(t.server, serverByName.get(t.server));
          textOf.set(t.server, serverText);
        }
        const prev = docs.get(t.id);
        if (prev !== undefined && prev.definition === t.definition && prev.serverText === serverText) {
          prev.tool = t;
          continue;
        }
        docs.set(t.id, { definition: t.definition, serverText, tool: t, doc: docOf(t, serverText) });
        for (const word of [
          ...splitWords(t.name),
          ...splitWords(t.definition.title ?? ''),
          ...splitWords(t.server),
          ...splitWords(oneLine(t.definition.description, 200)),
          ...splitWords(serverText),
        ]) {
          const s = stem(word);
          if (!surface.has(s)) {
            surface.set(s, word);
          }
        }
        dirty = true;
      }
      if (docs.size !== tools.length) {
        const seen = new Set(tools.map((t) => t.id));
        for (const id of [...docs.keys()]) {
          if (!seen.has(id)) {
            docs.delete(id);
            dirty = true;
          }
        }
      }
      if (surface.size > 50_000) {
        surface.clear();
      }
    },

    search(query, opts = {}) {
      const limit = Math.max(1, Math.min(opts.limit ?? 8, 50));
      if (dirty) {
        rebuild();
      }
      const q = plan(query);
      if (q.groups.length === 0 && opts.semantic === undefined && opts.learned === undefined) {
        return [];
      }
      // Lexical: per group, the best form's weighted BM25 contribution; groups add up.
      const n = ordered.length;
      const lexical = new Float64Array(n);
      const groupBest = new Float64Array(n);
      const touched: number[] = [];
      const candidate = new Uint8Array(n);
      for (const g of q.groups) {
        const inGroup: number[] = [];
        for (const form of g.forms) {
          const list = postings.get(form.term);
          if (list === undefined) {
            continue;
          }
          const weight = form.weight * idf(form.term);
          for (const p of list) {
            const score = (weight * (p.tf * (K1 + 1))) / (p.tf + K1);
            const prev = groupBest[p.doc] ?? 0;
            if (prev === 0) {
              inGroup.push(p.doc);
            }
            if (score > prev) {
              groupBest[p.doc] = score;
            }
          }
        }
        for (const doc of inGroup) {
          lexical[doc] = (lexical[doc] ?? 0) + (groupBest[doc] ?? 0);
          groupBest[doc] = 0;
          if (candidate[doc] === 0) {
            candidate[doc] = 1;
            touched.push(doc);
          }
        }
      }
      let maxLex = 0;
      for (const doc of touched) {
        maxLex = Math.max(maxLex, lexical[doc] ?? 0);
      }
      const indexOf = new Map<string, number>();
      const outside = [...(opts.learned?.keys() ?? []), ...(opts.semantic?.keys() ?? [])];
      if (outside.length > 0) {
        ordered.forEach((d, i) => indexOf.set(d.id, i));
        for (const id of outside) {
          const i = indexOf.get(id);
          if (i !== undefined && candidate[i] === 0) {
            candidate[i] = 1;
            touched.push(i);
          }
        }
      }
      // Cosine similarities crowd into a narrow band whatever the model; spread them over 0..1
      // (min–max over the tools ranked) so they weigh as much as the lexical score.
      let maxSem = -Infinity;
      let minSem = Infinity;
      for (const v of opts.semantic?.values() ?? []) {
        maxSem = Math.max(maxSem, v);
        minSem = Math.min(minSem, v);
      }
      const semRange = maxSem - minSem;
      const scored: { doc: Doc; score: number; lex: number; sem: number; learned: number }[] = [];
      for (const i of touched) {
        const d = ordered[i];
        if (d === undefined || (opts.server !== undefined && d.server !== opts.server)) {
          continue;
        }
        const lex = maxLex > 0 ? (lexical[i] ?? 0) / maxLex : 0;
        const cos = opts.semantic?.get(d.id);
        // One tool (or all alike): the best of the query, when it is similar at all.
        const sem = cos === undefined ? 0 : semRange > 0 ? (cos - minSem) / semRange : cos > 0 ? 1 : 0;
        const learned = Math.min(1, Math.max(0, opts.learned?.get(d.id) ?? 0));
        if (lex <= 0 && sem <= 0 && learned <= 0) {
          continue;
        }
        const base = opts.semantic !== undefined ? (1 - FUSION.semantic) * lex + FUSION.semantic * sem : lex;
        let intent = 0;
        for (const a of q.actions) {
          if (d.actions.has(a)) {
            intent = 1;
            break;
          }
        }
        let annotation = 0;
        if (q.destructive && d.destructive) {
          annotation = 1;
        } else if (q.readish && d.readOnly) {
          annotation = 1;
        } else if (!q.destructive && d.destructive) {
          annotation = -1;
        }
        const score =
          base + FUSION.intent * intent + FUSION.annotation * annotation + FUSION.learned * learned;
        scored.push({ doc: d, score, lex, sem, learned });
      }
      const byScore = (a: { score: number; doc: Doc }, b: { score: number; doc: Doc }): number =>
        b.score - a.score || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0);
      scored.sort(byScore);
      if (q.groups.length > 0 && options.rerank !== false && opts.semantic === undefined) {
        const top = scored.slice(0, RERANK.depth);
        const groupsOf = new Map<string, number[]>();
        q.groups.forEach((g, gi) => {
          for (const f of g.forms) {
            const list = groupsOf.get(f.term);
            if (list === undefined) {
              groupsOf.set(f.term, [gi]);
            } else if (list[list.length - 1] !== gi) {
              list.push(gi);
            }
          }
        });
        const neighbours = neighbourPairs(q.groups);
        for (const s of top) {
          s.score += rerankScore(q, groupsOf, neighbours, s.doc);
        }
        top.sort(byScore);
        scored.splice(0, top.length, ...top);
      }
      return scored.slice(0, limit).map(({ doc, score, sem, learned }) => {
        const tool = docs.get(doc.id)?.tool;
        const reasons = explain(q.groups, doc).slice(0, MAX_REASONS);
        if (learned > 0) {
          reasons.push('used before');
        }
        if (sem >= 0.8) {
          reasons.push('similar meaning');
        }
        return {
          id: doc.id,
          server: tool?.server ?? doc.server,
          name: tool?.name ?? doc.name,
          summary: doc.summary,
          required: doc.required,
          matched: reasons,
          score: Math.round(score * 1000) / 1000,
        };
      });
    },

    size() {
      return docs.size;
    },
  };
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
function containsPhrase(words: readonly string[], phrase: string): boolean {
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
function withinOneEdit(a: string, b: string): boolean {
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
