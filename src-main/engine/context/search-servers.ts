import { CATEGORY_SIGNS } from './lexicon.js';
import type { Doc } from './search-doc.js';
import { FIELDS, NAME_FIELD } from './search-weights.js';
import { stem } from './search-words.js';

/**
 * What the tool search learns about a server from its whole listing, never from a hand list:
 * its namespace words (shared by most of its tools' names) and, for a server that names no
 * known product, the kinds of software its tools' words show.
 */

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
export function derivedCategories(
  docs: readonly Doc[],
  skip: (server: string) => boolean,
): Map<string, string[]> {
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

/**
 * A server's namespace words: name words at least NAMESPACE_SHARE of its tools share (`browser`
 * in `browser_click`, `api` in `API-post-page`, `generate` in `generate_bar_chart`). They say
 * which server, not which tool: in the name field they weigh as server words, and the second
 * stage does not count them as name words. Derived from the listing, never hand-listed.
 */
const NAMESPACE_SHARE = 0.8;
/** Below this many tools a shared word is as likely the server's one subject as a prefix. */
const NAMESPACE_MIN_TOOLS = 4;

export function namespaceWords(
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
