/**
 * The tool search's weights in one place: the fusion rule, the second stage, the forms of a
 * query word and the BM25F fields (see README.md in this folder for how they were chosen).
 */

/**
 * The fusion rule: score = L + W_INTENT·I + W_ANNOTATION·A + W_LEARNED·U + VECTORS.weight·V, where L
 * is the lexical score divided by the best lexical score of the query (0..1), I is 1 when the
 * query's action matches the tool's, A is +1/−1 when the annotations fit/contradict the query, U
 * the learned lift (0..1), V the word-vector cosine scaled min–max over the tools ranked (0..1;
 * not with embeddings, whose similarity S stands in for it). With embeddings, L is replaced by (1 − W_SEMANTIC)·L + W_SEMANTIC·S, S the cosine
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
export const PROXIMITY_MIN_FORM = 0.5;

/**
 * A verb alone says little about which tool (every server can "find" or "get"); its object says
 * more. Groups of words that name an action weigh this much; the intent signal scores the verb.
 */
export const VERB_GROUP_WEIGHT = 0.6;

/**
 * Word vectors (search-vectors.ts): the cosine V of a tool's and the request's mean word vectors,
 * scaled min–max over the tools ranked, is added to the fused score with `weight`. Tools weigh
 * their name words `name`, title words `title` and description words (up to `description`
 * characters) 1; each word also by SIF, rank / (rank + `sif`) with rank its frequency rank in
 * English; `center` of the catalogue's mean vector is taken off before the cosine.
 */
export const VECTORS = {
  weight: 0.2,
  name: 3,
  title: 2,
  description: 1200,
  sif: 10_000,
  center: 0.5,
};

/** Weights of a query word's forms within its group. */
export const FORM_WEIGHT = {
  exact: 1,
  lemma: 1,
  lexicon: 0.8,
  intent: 0.5,
  wordnet: 0.3,
  prefix: 0.6,
  fuzzy: 0.5,
} as const;

/** BM25F field weights: a word in a tool's name says more than one in a parameter description. */
export const FIELD_WEIGHT = {
  name: 3,
  title: 2,
  description: 1,
  params: 0.8,
  enums: 0.5,
  paramText: 0.3,
  server: 1.5,
} as const;
export type Field = keyof typeof FIELD_WEIGHT;
export const FIELDS = Object.keys(FIELD_WEIGHT) as Field[];
export const NAME_FIELD = FIELDS.indexOf('name');
export const K1 = 1.2;
export const B = 0.75;
/** Long descriptions (some run to pages) are indexed up to here: the start says what a tool does. */
export const MAX_DESCRIPTION = 1200;
export const MAX_SERVER_TEXT = 600;
/** Search answers stay small: one short line per tool, a few reasons each. */
export const SUMMARY_MAX = 110;
export const MAX_REASONS = 3;
