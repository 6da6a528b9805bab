import type { Tool } from '@modelcontextprotocol/client';
import MiniSearch from 'minisearch';

import type { CatalogTool } from '../types.js';

/**
 * Ranked tool search (MiniSearch: BM25+ with per-field boosts, fuzzy and prefix matching).
 * Names are split into words (`read_file`, `readFile` and `read-file` all index as "read file"),
 * a light stemmer folds plural and -ing/-ed forms, and a few everyday synonyms widen the query.
 */

export interface ServerInfo {
  name: string;
  description?: string | undefined;
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
  score: number;
}

export interface SearchOptions {
  limit?: number;
  /** Only tools of this server. */
  server?: string;
}

export interface ToolSearch {
  /** Bring the index in line with these tools; only changed tools are re-indexed. */
  sync(tools: readonly CatalogTool[], servers: readonly ServerInfo[]): void;
  search(query: string, options?: SearchOptions): SearchHit[];
  size(): number;
}

interface Doc {
  id: string;
  server: string;
  name: string;
  nameWords: string;
  description: string;
  params: string;
  paramText: string;
  serverText: string;
}

const STOP_WORDS = new Set(
  (
    'a an the to of for in on at by with and or is are be it its this that these those i me my we our you your ' +
    'please can could would should will do does did want need some any all from into as using use via then ' +
    'what which who how so there here up out about'
  ).split(' '),
);

/** Query words mapped to words tool authors tend to use. Both sides are stemmed. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  remove: ['delete'],
  erase: ['delete'],
  drop: ['delete'],
  find: ['search'],
  look: ['search', 'find'],
  lookup: ['search', 'get'],
  show: ['get', 'list', 'read'],
  fetch: ['get', 'read'],
  retrieve: ['get', 'read'],
  open: ['read', 'get'],
  view: ['read', 'get', 'list'],
  make: ['create'],
  new: ['create'],
  add: ['create'],
  save: ['write', 'create'],
  store: ['create', 'write'],
  change: ['update', 'edit'],
  modify: ['update', 'edit'],
  rename: ['move'],
  folder: ['directory'],
  dir: ['directory'],
  repo: ['repository'],
  pr: ['pull', 'request'],
  ticket: ['issue'],
  bug: ['issue'],
  picture: ['image'],
  photo: ['image'],
  post: ['message', 'send'],
  say: ['message', 'echo'],
  plot: ['chart'],
  graph: ['chart', 'graph'],
  remember: ['memory', 'observation', 'entity'],
  note: ['observation'],
  forget: ['delete'],
  sql: ['query'],
  database: ['query', 'sql'],
  address: ['geocode'],
  route: ['direction'],
  web: ['search'],
  page: ['page'],
  size: ['size'],
};

/** Split identifiers into words: snake, kebab, camel and digit boundaries. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** A deliberately small stemmer: plural, -ing and -ed endings. Applied to index and query alike. */
export function stem(word: string): string {
  if (word.length <= 3) {
    return word;
  }
  if (word.endsWith('ies') && word.length > 4) {
    return `${word.slice(0, -3)}y`;
  }
  if (word.endsWith('sses')) {
    return word.slice(0, -2);
  }
  if (word.endsWith('ing') && word.length > 5) {
    const base = word.slice(0, -3);
    return /(.)\1$/.test(base) ? base.slice(0, -1) : base;
  }
  if (word.endsWith('ed') && word.length > 4) {
    const base = word.slice(0, -2);
    return /(.)\1$/.test(base) ? base.slice(0, -1) : base.endsWith('i') ? `${base.slice(0, -1)}y` : base;
  }
  if (word.endsWith('es') && /(sh|ch|x|z)es$/.test(word)) {
    return word.slice(0, -2);
  }
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) {
    return word.slice(0, -1);
  }
  return word;
}

function queryTerms(query: string): string[] {
  const out: string[] = [];
  for (const word of splitWords(query)) {
    if (STOP_WORDS.has(word)) {
      continue;
    }
    out.push(stem(word));
    for (const s of SYNONYMS[word] ?? SYNONYMS[stem(word)] ?? []) {
      out.push(stem(s));
    }
  }
  return [...new Set(out)];
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
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  const sentence = /^(.+?[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

function paramTexts(tool: Tool): { names: string; text: string } {
  const names: string[] = [];
  const text: string[] = [];
  const props = (tool.inputSchema as SchemaNode).properties ?? {};
  for (const [name, node] of Object.entries(props)) {
    names.push(splitWords(name).join(' '));
    if (typeof node.description === 'string') {
      text.push(node.description);
    }
  }
  return { names: names.join(' '), text: text.join(' ') };
}

function docOf(t: CatalogTool, server: ServerInfo | undefined): Doc {
  const params = paramTexts(t.definition);
  return {
    id: t.id,
    server: t.server,
    name: t.name,
    nameWords: `${splitWords(t.name).join(' ')} ${t.definition.title ?? ''}`,
    description: t.definition.description ?? '',
    params: params.names,
    paramText: params.text,
    serverText: `${splitWords(t.server).join(' ')} ${server?.description ?? ''}`,
  };
}

const FIELDS = ['nameWords', 'description', 'params', 'paramText', 'serverText'] as const;
const BOOST = { nameWords: 3, description: 1.2, params: 1, paramText: 0.4, serverText: 0.8 } as const;

export function createToolSearch(): ToolSearch {
  const index = new MiniSearch<Doc>({
    idField: 'id',
    fields: [...FIELDS],
    storeFields: ['server', 'name'],
    tokenize: (text) => splitWords(text),
    processTerm: (term) => (STOP_WORDS.has(term) ? null : stem(term)),
    searchOptions: {
      boost: BOOST,
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      combineWith: 'OR',
    },
  });
  /** What each indexed tool was built from, to skip unchanged ones on sync. */
  const indexed = new Map<string, { definition: Tool; serverText: string; tool: CatalogTool }>();

  return {
    sync(tools, servers) {
      const serverByName = new Map(servers.map((s) => [s.name, s]));
      const seen = new Set<string>();
      for (const t of tools) {
        seen.add(t.id);
        const server = serverByName.get(t.server);
        const serverText = server?.description ?? '';
        const prev = indexed.get(t.id);
        if (prev !== undefined && prev.definition === t.definition && prev.serverText === serverText) {
          prev.tool = t;
          continue;
        }
        if (prev !== undefined) {
          index.discard(t.id);
        }
        index.add(docOf(t, server));
        indexed.set(t.id, { definition: t.definition, serverText, tool: t });
      }
      for (const id of [...indexed.keys()]) {
        if (!seen.has(id)) {
          index.discard(id);
          indexed.delete(id);
        }
      }
    },

    search(query, options = {}) {
      const limit = Math.max(1, Math.min(options.limit ?? 8, 50));
      const words = queryTerms(query);
      if (words.length === 0) {
        return [];
      }
      const results = index.search(words.join(' '), {
        ...(options.server !== undefined ? { filter: (r) => r['server'] === options.server } : {}),
        // Terms are already stemmed and expanded; keep them as they are.
        processTerm: (term) => term,
      });
      const hits: SearchHit[] = [];
      for (const r of results) {
        const entry = indexed.get(String(r.id));
        if (entry === undefined) {
          continue;
        }
        hits.push({
          id: entry.tool.id,
          server: entry.tool.server,
          name: entry.tool.name,
          summary: oneLine(entry.definition.description),
          required: requiredParams(entry.definition),
          score: Math.round(r.score * 1000) / 1000,
        });
        if (hits.length >= limit) {
          break;
        }
      }
      return hits;
    },

    size() {
      return indexed.size;
    },
  };
}
