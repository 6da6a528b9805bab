import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import type { CatalogTool, Logger } from '../types.js';
import type { SemanticRankerOptions, SemanticStatus } from './semantic-types.js';

/** Per tool id: the text and key last computed for its definition (identity-checked). */
export interface Known {
  definition: CatalogTool['definition'];
  model: string;
  key: string;
  text: string;
}

/**
 * What the semantic ranker's parts share: the options with their defaults, the vector and query
 * caches, the background job, the failure and retry bookkeeping, and the cache file's writes.
 * Each part owns the fields its file says; another part only reads them or resets them in
 * `refresh` (a changed endpoint starts over).
 */
export interface SemanticContext {
  options: SemanticRankerOptions;
  logger: Logger;
  now: () => number;
  maxVectors: number;
  maxQueries: number;
  baseRetry: number;
  saveDelayMs: number;
  /** Tool vectors by key (semantic-cache.ts), loaded on first use. */
  vectors: Map<string, Float32Array> | undefined;
  /** Query vectors by model and text, least recently used first (semantic-scores.ts). */
  queries: Map<string, Float32Array>;
  keys: Map<string, Known>;
  /** The latest visible tools. */
  latest: readonly CatalogTool[];
  /** The settings the caches and failures belong to. */
  signature: string;
  apiKey: Promise<string | undefined> | undefined;
  /** The background job computing tool vectors (semantic-indexer.ts). */
  job: Promise<void> | undefined;
  abort: AbortController | undefined;
  /** Failures and waits (semantic-endpoint.ts, semantic-indexer.ts). */
  failures: number;
  retryAt: number;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  queryBlockedUntil: number;
  lastError: SemanticStatus['lastError'];
  loggedError: string;
  lastQueryMs: number | undefined;
  /** The cache file's pending write (semantic-cache.ts). */
  saveTimer: ReturnType<typeof setTimeout> | undefined;
  saving: Promise<void>;
  closed: boolean;
}

export function createSemanticContext(options: SemanticRankerOptions): SemanticContext {
  return {
    options,
    logger: options.logger,
    now: options.now ?? Date.now,
    maxVectors: options.maxVectors ?? 5_000,
    maxQueries: options.maxQueries ?? 256,
    baseRetry: options.retryMs ?? 30_000,
    saveDelayMs: options.saveDelayMs ?? 1_000,
    vectors: undefined,
    queries: new Map(),
    keys: new Map(),
    latest: [],
    signature: '',
    apiKey: undefined,
    job: undefined,
    abort: undefined,
    failures: 0,
    retryAt: 0,
    retryTimer: undefined,
    queryBlockedUntil: 0,
    lastError: undefined,
    loggedError: '',
    lastQueryMs: undefined,
    saveTimer: undefined,
    saving: Promise.resolve(),
    closed: false,
  };
}

/** The settings in use: configured, enabled, and the ranker not closed. */
export function activeSettings(ctx: SemanticContext): EmbeddingsSettings | undefined {
  const s = ctx.options.settings();
  return s !== undefined && s.enabled !== false && !ctx.closed ? s : undefined;
}

/** A changed endpoint, model or key starts over: no retry wait, no stale query vectors. */
export function refresh(ctx: SemanticContext, s: EmbeddingsSettings): void {
  const sig = JSON.stringify([s.url, s.model, s.apiKey ?? '', s.batchTimeoutMs, s.queryTimeoutMs]);
  if (sig === ctx.signature) {
    return;
  }
  ctx.signature = sig;
  ctx.abort?.abort();
  ctx.abort = undefined;
  ctx.job = undefined;
  ctx.apiKey = undefined;
  ctx.queries.clear();
  ctx.failures = 0;
  ctx.retryAt = 0;
  ctx.queryBlockedUntil = 0;
  ctx.lastError = undefined;
  ctx.loggedError = '';
  if (ctx.retryTimer !== undefined) {
    clearTimeout(ctx.retryTimer);
    ctx.retryTimer = undefined;
  }
}
