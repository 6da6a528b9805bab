// The semantic ranker's public shapes (createSemanticRanker in semantic.ts builds one).
import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import type { CatalogTool, Logger } from '../types.js';
import type { EmbeddingsClientOptions, EmbeddingsErrorCode } from './embeddings.js';

export type SemanticState = 'off' | 'indexing' | 'ready' | 'error';

export interface SemanticStatus {
  state: SemanticState;
  url?: string;
  model?: string;
  dimensions?: number;
  /** Tools the search knows / of them with a vector. */
  tools: number;
  vectors: number;
  /** Vectors kept in the cache (all models). */
  cached: number;
  /** Why searches rank lexically right now (absent when semantic ranking is in use). */
  reason?: string;
  lastError?: { code: EmbeddingsErrorCode | 'EMBEDDINGS_SECRET'; message: string; at: number };
  /** How long the last query embedding took. */
  lastQueryMs?: number;
}

export interface SemanticTestResult {
  ok: boolean;
  url: string;
  model: string;
  dimensions?: number;
  latencyMs: number;
  error?: { code: string; message: string };
}

export interface SemanticScores {
  /** Cosine similarity per tool id, when semantic ranking could be used for this query. */
  scores?: Map<string, number>;
  /** Why it could not (off, still computing tool vectors, the endpoint failed). */
  reason?: string;
}

export interface SemanticRanker {
  /** The visible tools changed: compute missing vectors in the background. */
  sync(tools: readonly CatalogTool[]): void;
  /** Similarities of these tools to the query, or why there are none. Never rejects. */
  scores(query: string, tools: readonly CatalogTool[]): Promise<SemanticScores>;
  status(): SemanticStatus;
  /** Embed a short text with these settings (default: the current ones); reports dimensions and latency. */
  test(settings?: EmbeddingsSettings): Promise<SemanticTestResult>;
  /** Write pending cache changes now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface SemanticRankerOptions {
  /** Read on every use: the config's `gateway.search.embeddings`. */
  settings: () => EmbeddingsSettings | undefined;
  resolveSecret: (name: string) => Promise<string | undefined>;
  logger: Logger;
  /** Cache file (`<dataDir>/search-embeddings.json`); without it vectors live only in the process. */
  file?: string;
  now?: () => number;
  fetch?: typeof fetch;
  client?: Omit<EmbeddingsClientOptions, 'fetch'>;
  /** Vectors kept (memory and file), least recently used dropped first (default 5,000). */
  maxVectors?: number;
  /** Query vectors kept in memory (default 256). */
  maxQueries?: number;
  /** First wait before trying again after a failure; doubles up to 10 minutes (default 30 s). */
  retryMs?: number;
  /** Delay before the cache is written, so a burst of batches is one write (default 1 s). */
  saveDelayMs?: number;
}
