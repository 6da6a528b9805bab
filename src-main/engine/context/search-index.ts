import type { Tool } from '@modelcontextprotocol/client';

import type { CatalogTool } from '../types.js';
import { type Doc, docOf, namesAProduct, serverWords } from './search-doc.js';
import { withinOneEdit } from './search-query-words.js';
import { derivedCategories, namespaceWords } from './search-servers.js';
import type { ServerInfo } from './search-types.js';
import type { DocVectors } from './search-vectors.js';
import { B, FIELD_WEIGHT, FIELDS, NAME_FIELD } from './search-weights.js';
import { oneLine, splitWords, stem } from './search-words.js';

/**
 * The tool search's index: one document per tool (re-analysed only when its definition or its
 * server's words change), the BM25F postings built from them on the first search after a
 * change, and the vocabulary that prefixes and typos are looked up in.
 */
export interface SearchIndex {
  /** What each indexed tool was built from, to skip unchanged ones on sync. */
  docs: Map<string, { definition: Tool; serverText: string; tool: CatalogTool; doc: Doc }>;
  /** Tools changed since the postings were built. */
  dirty: boolean;
  serverTexts: Map<string, { info: ServerInfo | undefined; text: string }>;
  /** Documents sorted by tool id; postings refer to them by position. */
  ordered: Doc[];
  /** stem → postings (doc index, BM25F-normalised term frequency). */
  postings: Map<string, { doc: number; tf: number }[]>;
  /** Every stem in the postings, sorted. */
  vocabulary: string[];
  /** A readable word for each stem (the first form seen in the tools), for "why it matched". */
  surface: Map<string, string>;
  /** The tools' mean word vectors (search-vectors.ts), computed on first use after a rebuild. */
  docVectors: DocVectors | undefined;
}

export function createSearchIndex(): SearchIndex {
  return {
    docs: new Map(),
    dirty: true,
    serverTexts: new Map(),
    ordered: [],
    postings: new Map(),
    vocabulary: [],
    surface: new Map(),
    docVectors: undefined,
  };
}

function serverTextOf(index: SearchIndex, name: string, info: ServerInfo | undefined): string {
  const m = index.serverTexts.get(name);
  if (
    m !== undefined &&
    m.info?.title === info?.title &&
    m.info?.description === info?.description &&
    m.info?.instructions === info?.instructions
  ) {
    return m.text;
  }
  const text = serverWords(info, name);
  if (index.serverTexts.size >= 10_000) {
    index.serverTexts.clear();
  }
  index.serverTexts.set(name, { info: info === undefined ? undefined : { ...info }, text });
  return text;
}

function addSurface(index: SearchIndex, t: CatalogTool, serverText: string): void {
  for (const word of [
    ...splitWords(t.name),
    ...splitWords(t.definition.title ?? ''),
    ...splitWords(t.server),
    ...splitWords(oneLine(t.definition.description, 200)),
    ...splitWords(serverText),
  ]) {
    const s = stem(word);
    if (!index.surface.has(s)) {
      index.surface.set(s, word);
    }
  }
}

/** Bring the documents in line with these tools; only changed tools are re-analysed. */
export function syncIndex(
  index: SearchIndex,
  tools: readonly CatalogTool[],
  servers: readonly ServerInfo[],
): void {
  // Meta search syncs before every search: an unchanged catalog must cost little. Server
  // texts are memoised (the same string object each time, so comparing them below is a
  // pointer check, not hundreds of characters per tool), and the pass that drops removed
  // tools runs only when the counts say something was removed.
  const { docs } = index;
  const serverByName = new Map(servers.map((s) => [s.name, s]));
  const textOf = new Map<string, string>();
  for (const t of tools) {
    let serverText = textOf.get(t.server);
    if (serverText === undefined) {
      serverText = serverTextOf(index, t.server, serverByName.get(t.server));
      textOf.set(t.server, serverText);
    }
    const prev = docs.get(t.id);
    if (prev !== undefined && prev.definition === t.definition && prev.serverText === serverText) {
      prev.tool = t;
      continue;
    }
    docs.set(t.id, { definition: t.definition, serverText, tool: t, doc: docOf(t, serverText) });
    addSurface(index, t, serverText);
    index.dirty = true;
  }
  if (docs.size !== tools.length) {
    const seen = new Set(tools.map((t) => t.id));
    for (const id of [...docs.keys()]) {
      if (!seen.has(id)) {
        docs.delete(id);
        index.dirty = true;
      }
    }
  }
  if (index.surface.size > 50_000) {
    index.surface.clear();
  }
}

/** The postings: per document, its fields' words BM25F-weighted and length-normalised into one map. */
export function rebuildIndex(index: SearchIndex): void {
  const ordered = [...index.docs.values()]
    .map((d) => d.doc)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const avg = FIELDS.map((_, f) => {
    const total = ordered.reduce((a, d) => a + (d.len[f] ?? 0), 0);
    return ordered.length > 0 ? Math.max(1, total / ordered.length) : 1;
  });
  const postings = new Map<string, { doc: number; tf: number }[]>();
  const namespaces = namespaceWords(ordered);
  const categories = derivedCategories(
    ordered,
    (server) => namesAProduct(server, index.serverTexts.get(server)?.info).length > 0,
  );
  ordered.forEach((d, i) => {
    const ns = namespaces.get(d.server);
    d.ownName = ns === undefined ? d.nameStems : d.nameStems.filter((w) => !ns.has(w));
    d.ownNameTitle = ns === undefined ? d.nameTitle : d.nameTitle.filter((w) => !ns.has(w));
    d.terms = combinedTerms(d, avg, ns, categories.get(d.server));
    for (const [term, tf] of d.terms) {
      let list = postings.get(term);
      if (list === undefined) {
        list = [];
        postings.set(term, list);
      }
      list.push({ doc: i, tf });
    }
  });
  index.ordered = ordered;
  index.postings = postings;
  index.vocabulary = [...postings.keys()].sort();
  index.docVectors = undefined;
  index.dirty = false;
}

function combinedTerms(
  d: Doc,
  avg: readonly number[],
  ns: ReadonlySet<string> | undefined,
  categories: readonly string[] | undefined,
): Map<string, number> {
  const combined = new Map<string, number>();
  FIELDS.forEach((field, f) => {
    const norm = 1 - B + (B * (d.len[f] ?? 0)) / (avg[f] ?? 1);
    for (const [term, n] of d.tf[f] ?? []) {
      // A namespace word in a name weighs as a server word: it says which server, not which tool.
      const weight = f === NAME_FIELD && ns?.has(term) === true ? FIELD_WEIGHT.server : FIELD_WEIGHT[field];
      combined.set(term, (combined.get(term) ?? 0) + (weight * n) / norm);
    }
  });
  // A derived category word weighs as a server word once (not length-normalised: a few words).
  for (const term of categories ?? []) {
    if (!combined.has(term)) {
      combined.set(term, FIELD_WEIGHT.server);
    }
  }
  return combined;
}

export function idf(index: SearchIndex, term: string): number {
  const df = index.postings.get(term)?.length ?? 0;
  const n = index.ordered.length;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Vocabulary stems that start with `prefix` (for words the tools do not contain as such). */
export function withPrefix(index: SearchIndex, prefix: string): string[] {
  const { vocabulary } = index;
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
}

/** Vocabulary stems one edit (insert, delete, substitute, swap) away: typos. */
export function oneEditAway(index: SearchIndex, word: string): string[] {
  const out: string[] = [];
  for (const v of index.vocabulary) {
    if (Math.abs(v.length - word.length) <= 1 && v !== word && withinOneEdit(v, word)) {
      out.push(v);
      if (out.length >= 4) {
        break;
      }
    }
  }
  return out;
}
