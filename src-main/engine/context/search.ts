import { fuseScores } from './search-fusion.js';
import { toHits } from './search-hits.js';
import { createSearchIndex, rebuildIndex, syncIndex } from './search-index.js';
import { lexicalScores } from './search-lexical.js';
import { planQuery } from './search-plan.js';
import { rerank } from './search-rerank.js';
import type { ToolSearch } from './search-types.js';
import { vectorSimilarities } from './search-vectors.js';
import { sharedWordVectors, type WordVectors } from './word-vectors.js';
import { createWordNet, type WordNet } from './wordnet.js';

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
 * - nearness in meaning from word vectors: the cosine of the tool's and the request's mean word
 *   vectors (search-vectors.ts, word-vectors.ts), for requests that share no word with a tool;
 * - optional lifts from outside (learned from use, embeddings), fused by the same rule;
 * - a second stage over the best few: name and title coverage, name words the request explains
 *   (a server's namespace words excluded) and term proximity.
 * Deterministic: equal inputs give equal rankings; ties are broken by tool id.
 *
 * The stages live in files of their own: search-index.ts (documents and postings),
 * search-plan.ts (query analysis), search-lexical.ts, search-fusion.ts and search-rerank.ts (the
 * ranking), search-hits.ts (the answer); the weights are in search-weights.ts.
 */

export { asksAboutWhatExists, namesAFile } from './search-query-words.js';
export type { ParamInfo, SearchHit, SearchOptions, ServerInfo, ToolSearch } from './search-types.js';
export { FUSION, RERANK, VECTORS } from './search-weights.js';
export { contentWords, oneLine, requiredParams, splitWords, stem } from './search-words.js';

export function createToolSearch(
  options: {
    wordnet?: WordNet | false;
    /** The second stage (RERANK); off only to measure it. */ rerank?: boolean;
    /**
     * The hand-kept everyday vocabulary (SYNONYMS, EVERYDAY, PHRASES in lexicon.ts); off only to
     * measure how the general signals do on words no list anticipated.
     */
    lexicon?: boolean;
    /** Word vectors (word-vectors.ts); by default the process's shared copy, loaded on first use. */
    wordVectors?: WordVectors | false;
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
  const index = createSearchIndex();

  return {
    sync(tools, servers) {
      syncIndex(index, tools, servers);
    },

    search(query, opts = {}) {
      const limit = Math.max(1, Math.min(opts.limit ?? 8, 50));
      if (index.dirty) {
        rebuildIndex(index);
      }
      const vectors =
        options.wordVectors === false || opts.wordVectors === false
          ? undefined
          : (options.wordVectors ?? sharedWordVectors());
      const q = planQuery(query, index, wn, lexicon);
      if (q.groups.length === 0 && opts.semantic === undefined && opts.learned === undefined) {
        return [];
      }
      // With embeddings on, their similarity stands in for the word vectors'.
      const near =
        vectors !== undefined && opts.semantic === undefined && vectors.available()
          ? vectorSimilarities(index, vectors, query)
          : undefined;
      const scored = fuseScores(index, q, opts, lexicalScores(index, q), near);
      if (q.groups.length > 0 && options.rerank !== false && opts.semantic === undefined) {
        rerank(q, scored);
      }
      return toHits(index, q.groups, scored, limit);
    },

    size() {
      return index.docs.size;
    },
  };
}
