import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

import writeFileAtomic from 'write-file-atomic';

import { type EmbeddingsSettings, SECRET_REFERENCE_PATTERN } from '../../../src-shared/config.js';
import { errorText } from '../../../src-shared/values.js';
import type { CatalogTool, Logger } from '../types.js';
import {
  createEmbeddingsClient,
  type EmbeddingsClientOptions,
  EmbeddingsError,
  type EmbeddingsErrorCode,
} from './embeddings.js';

/**
 * Semantic ranking through the user's own embeddings endpoint (`gateway.search.embeddings`).
 *
 * Tool vectors are computed in the background when tool lists change and kept in the data folder,
 * keyed by a hash of the embedding model and the text embedded for the tool (its name, title,
 * description and parameter names), so a restart or an unchanged tool never asks again. A search
 * embeds its query (short timeout, small LRU) and gets each tool's cosine similarity. Whatever
 * goes wrong — endpoint down, slow, wrong answers, vectors still being computed — the search
 * ranks lexically and `status()` says why. Off (absent or `enabled: false`) sends nothing.
 */

type SemanticState = 'off' | 'indexing' | 'ready' | 'error';

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

interface SemanticScores {
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

const FILE_VERSION = 1;
const MAX_FILE_BYTES = 128 * 1024 * 1024;
const MAX_RETRY_MS = 10 * 60_000;
/** Tool texts sent per background step (the client splits further into its own batches). */
const STEP = 128;
const TEST_TIMEOUT_MS = 10_000;

/** What is embedded for a tool: what it is called and what it says it does. */
export function toolText(t: CatalogTool): string {
  const d = t.definition;
  const words = (s: string): string =>
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/[_\-.:/]+/g, ' ')
      .trim();
  const props = (d.inputSchema as { properties?: unknown } | undefined)?.properties;
  const params = props !== null && typeof props === 'object' ? Object.keys(props).map(words) : [];
  const parts = [
    `${words(t.name)} (${t.server})`,
    d.title ?? '',
    (d.description ?? '').replace(/\s+/g, ' ').slice(0, 1_000),
    params.length > 0 ? `Parameters: ${params.join(', ')}` : '',
  ];
  return parts.filter((p) => p.length > 0).join('. ');
}

function keyOf(model: string, text: string): string {
  return createHash('sha256').update(model).update('\u0000').update(text).digest('base64url').slice(0, 32);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    s += (a[i] ?? 0) * (b[i] ?? 0);
  }
  return s;
}

function loadCache(file: string, max: number, logger: Logger): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  try {
    if (statSync(file).size > MAX_FILE_BYTES) {
      logger.warn('the embeddings cache is too large and is ignored', { file });
      return out;
    }
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; entries?: unknown };
    if (parsed.version !== FILE_VERSION || !Array.isArray(parsed.entries)) {
      return out;
    }
    for (const e of parsed.entries as unknown[]) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string') {
        continue;
      }
      const bytes = Buffer.from(e[1], 'base64');
      if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) {
        continue;
      }
      // Copy into an aligned buffer of its own (a Buffer may share a pool at any offset).
      const v = new Float32Array(bytes.byteLength / 4);
      new Uint8Array(v.buffer).set(bytes);
      if (v.every((x) => Number.isFinite(x))) {
        out.set(e[0], v);
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger.warn('could not read the embeddings cache; vectors will be computed again', {
        error: String(err),
      });
    }
  }
  while (out.size > max) {
    const oldest = out.keys().next().value;
    if (oldest === undefined) {
      break;
    }
    out.delete(oldest);
  }
  return out;
}

interface Known {
  definition: CatalogTool['definition'];
  model: string;
  key: string;
  text: string;
}

export function createSemanticRanker(options: SemanticRankerOptions): SemanticRanker {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const maxVectors = options.maxVectors ?? 5_000;
  const maxQueries = options.maxQueries ?? 256;
  const baseRetry = options.retryMs ?? 30_000;
  const saveDelayMs = options.saveDelayMs ?? 1_000;

  let vectors: Map<string, Float32Array> | undefined;
  const queries = new Map<string, Float32Array>();
  /** Per tool id: the text and key last computed for its definition (identity-checked). */
  const keys = new Map<string, Known>();
  /** The latest visible tools, by id. */
  let latest: readonly CatalogTool[] = [];

  let signature = '';
  let apiKey: Promise<string | undefined> | undefined;
  let job: Promise<void> | undefined;
  let abort: AbortController | undefined;
  let failures = 0;
  let retryAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let queryBlockedUntil = 0;
  let lastError: SemanticStatus['lastError'];
  let loggedError = '';
  let lastQueryMs: number | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> = Promise.resolve();
  let closed = false;

  const active = (): EmbeddingsSettings | undefined => {
    const s = options.settings();
    return s !== undefined && s.enabled !== false && !closed ? s : undefined;
  };

  const store = (): Map<string, Float32Array> => {
    vectors ??= options.file !== undefined ? loadCache(options.file, maxVectors, logger) : new Map();
    return vectors;
  };

  /** A changed endpoint, model or key starts over: no retry wait, no stale query vectors. */
  const refresh = (s: EmbeddingsSettings): void => {
    const sig = JSON.stringify([s.url, s.model, s.apiKey ?? '', s.batchTimeoutMs, s.queryTimeoutMs]);
    if (sig === signature) {
      return;
    }
    signature = sig;
    abort?.abort();
    abort = undefined;
    job = undefined;
    apiKey = undefined;
    queries.clear();
    failures = 0;
    retryAt = 0;
    queryBlockedUntil = 0;
    lastError = undefined;
    loggedError = '';
    if (retryTimer !== undefined) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
    }
  };

  const resolveKey = (s: EmbeddingsSettings): Promise<string | undefined> => {
    if (s.apiKey === undefined) {
      return Promise.resolve(undefined);
    }
    const name = SECRET_REFERENCE_PATTERN.exec(s.apiKey)?.[1];
    apiKey ??= (async () => {
      const value = name !== undefined ? await options.resolveSecret(name) : undefined;
      if (value === undefined) {
        throw new SecretMissing(
          `the embeddings apiKey ${s.apiKey ?? ''} is not in the keychain: \`mcp-gateway secrets set ${name ?? 'NAME'}\``,
        );
      }
      return value;
    })();
    apiKey.catch(() => {
      apiKey = undefined;
    });
    return apiKey;
  };

  const embed = async (s: EmbeddingsSettings, texts: string[], timeoutMs: number, signal?: AbortSignal) => {
    const key = await resolveKey(s);
    const c = createEmbeddingsClient(
      { url: s.url, model: s.model, apiKey: key },
      { ...options.client, ...(options.fetch !== undefined ? { fetch: options.fetch } : {}) },
    );
    return c.embed(texts, { timeoutMs, signal });
  };

  const fail = (err: unknown): void => {
    const code = err instanceof EmbeddingsError ? err.code : 'EMBEDDINGS_SECRET';
    const message = errorText(err);
    lastError = { code, message, at: now() };
    if (message !== loggedError) {
      // Logged once per distinct failure: a dead endpoint must not fill the log.
      loggedError = message;
      logger.warn('semantic search is not available; searches rank by words only', { error: message });
    }
  };

  const succeed = (): void => {
    failures = 0;
    retryAt = 0;
    queryBlockedUntil = 0;
    lastError = undefined;
    loggedError = '';
  };

  const known = (s: EmbeddingsSettings, t: CatalogTool): Known => {
    const k = keys.get(t.id);
    if (k !== undefined && k.definition === t.definition && k.model === s.model) {
      return k;
    }
    const text = toolText(t);
    const entry = { definition: t.definition, model: s.model, key: keyOf(s.model, text), text };
    keys.set(t.id, entry);
    if (keys.size > maxVectors * 2) {
      keys.clear();
      keys.set(t.id, entry);
    }
    return entry;
  };

  const scheduleSave = (): void => {
    if (options.file === undefined || saveTimer !== undefined || closed) {
      return;
    }
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      void write();
    }, saveDelayMs);
    saveTimer.unref?.();
  };

  const write = (): Promise<void> => {
    const file = options.file;
    const v = vectors;
    if (file === undefined || v === undefined) {
      return saving;
    }
    const entries = [...v].map(([k, vec]) => [
      k,
      Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength).toString('base64'),
    ]);
    saving = saving
      .then(() => writeFileAtomic(file, JSON.stringify({ version: FILE_VERSION, entries }), { mode: 0o600 }))
      .catch((err: unknown) => logger.warn('could not save the embeddings cache', { error: String(err) }));
    return saving;
  };

  const put = (key: string, v: Float32Array): void => {
    const m = store();
    m.delete(key);
    m.set(key, v);
    while (m.size > maxVectors) {
      const oldest = m.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      m.delete(oldest);
    }
  };

  const missingTexts = (s: EmbeddingsSettings): Map<string, string> => {
    const m = store();
    const out = new Map<string, string>();
    for (const t of latest) {
      const k = known(s, t);
      if (!m.has(k.key)) {
        out.set(k.key, k.text);
      }
    }
    return out;
  };

  const kick = (): void => {
    const s = active();
    if (s === undefined || job !== undefined || now() < retryAt) {
      return;
    }
    refresh(s);
    if (missingTexts(s).size === 0) {
      return;
    }
    const controller = new AbortController();
    abort = controller;
    const run = (async () => {
      for (;;) {
        const missing = [...missingTexts(s)].slice(0, STEP);
        if (missing.length === 0 || controller.signal.aborted) {
          return;
        }
        const got = await embed(
          s,
          missing.map(([, text]) => text),
          s.batchTimeoutMs,
          controller.signal,
        );
        if (controller.signal.aborted) {
          return;
        }
        const dims = got[0]?.length;
        const m = store();
        const first = m.get(missing[0]?.[0] ?? '');
        if (first !== undefined && first.length !== dims) {
          m.clear();
        }
        got.forEach((v, i) => put(missing[i]?.[0] ?? '', v));
        succeed();
        scheduleSave();
      }
    })();
    job = run;
    run
      .catch((err: unknown) => {
        if (controller.signal.aborted) {
          return;
        }
        fail(err);
        failures++;
        const wait = Math.min(MAX_RETRY_MS, baseRetry * 2 ** (failures - 1));
        retryAt = now() + wait;
        if (retryTimer !== undefined) {
          clearTimeout(retryTimer);
        }
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          kick();
        }, wait);
        retryTimer.unref?.();
      })
      .finally(() => {
        if (job === run) {
          job = undefined;
          abort = undefined;
        }
      });
  };

  const haveAll = (s: EmbeddingsSettings, tools: readonly CatalogTool[]): number => {
    const m = store();
    let have = 0;
    for (const t of tools) {
      if (m.has(known(s, t).key)) {
        have++;
      }
    }
    return have;
  };

  const describe = (s: EmbeddingsSettings | undefined): SemanticStatus => {
    const base = { tools: latest.length, vectors: 0, cached: vectors?.size ?? 0 };
    if (s === undefined) {
      const configured = options.settings();
      return {
        state: 'off',
        ...base,
        ...(configured !== undefined ? { url: configured.url, model: configured.model } : {}),
        reason:
          configured === undefined ? 'semantic search is not configured' : 'semantic search is turned off',
      };
    }
    refresh(s);
    const have = haveAll(s, latest);
    const first = latest.length > 0 ? store().get(known(s, latest[0] as CatalogTool).key) : undefined;
    const common = {
      url: s.url,
      model: s.model,
      ...base,
      vectors: have,
      ...(first !== undefined ? { dimensions: first.length } : {}),
      ...(lastError !== undefined ? { lastError } : {}),
      ...(lastQueryMs !== undefined ? { lastQueryMs } : {}),
    };
    if (lastError !== undefined && (have < latest.length || now() < queryBlockedUntil)) {
      return { state: 'error', ...common, reason: lastError.message };
    }
    if (have < latest.length) {
      return {
        state: 'indexing',
        ...common,
        reason: `computing tool vectors: ${have} of ${latest.length} done`,
      };
    }
    return { state: 'ready', ...common };
  };

  return {
    sync(tools) {
      latest = tools.filter((t) => t.visible);
      kick();
    },

    async scores(query, tools) {
      const s = active();
      if (s === undefined) {
        return {
          reason:
            options.settings() === undefined
              ? 'semantic search is not configured'
              : 'semantic search is turned off',
        };
      }
      refresh(s);
      const m = store();
      const have = haveAll(s, tools);
      if (have < tools.length) {
        kick();
        return { reason: lastError?.message ?? `computing tool vectors: ${have} of ${tools.length} done` };
      }
      if (now() < queryBlockedUntil) {
        return { reason: lastError?.message ?? 'the embeddings endpoint failed a moment ago' };
      }
      const qKey = `${s.model}\u0000${query}`;
      let qv = queries.get(qKey);
      if (qv === undefined) {
        const started = now();
        try {
          [qv] = await embed(s, [query], s.queryTimeoutMs);
          lastQueryMs = now() - started;
        } catch (err) {
          fail(err);
          // A failing endpoint is not asked again for a while: searches stay fast meanwhile.
          queryBlockedUntil = now() + Math.min(MAX_RETRY_MS, baseRetry);
          return { reason: lastError?.message ?? String(err) };
        }
        if (qv === undefined) {
          return { reason: 'the embeddings endpoint answered no vector' };
        }
        succeed();
      } else {
        queries.delete(qKey);
      }
      queries.set(qKey, qv);
      if (queries.size > maxQueries) {
        const oldest = queries.keys().next().value;
        if (oldest !== undefined) {
          queries.delete(oldest);
        }
      }
      const out = new Map<string, number>();
      for (const t of tools) {
        const v = m.get(known(s, t).key);
        if (v === undefined) {
          continue;
        }
        if (v.length !== qv.length) {
          const message = `the model answered ${qv.length} dimensions for the query but ${v.length} for tools; vectors are computed again`;
          fail(new EmbeddingsError('EMBEDDINGS_BAD_RESPONSE', message));
          m.clear();
          queries.clear();
          kick();
          return { reason: message };
        }
        out.set(t.id, dot(qv, v));
      }
      return { scores: out };
    },

    status() {
      return describe(active());
    },

    async test(settings) {
      const s = settings ?? options.settings();
      if (s === undefined) {
        return {
          ok: false,
          url: '',
          model: '',
          latencyMs: 0,
          error: { code: 'EMBEDDINGS_NOT_CONFIGURED', message: 'set a url and a model first' },
        };
      }
      const started = performance.now();
      try {
        const key = s.apiKey === undefined ? undefined : await resolveTestKey(s.apiKey);
        const c = createEmbeddingsClient(
          { url: s.url, model: s.model, apiKey: key },
          { ...options.client, ...(options.fetch !== undefined ? { fetch: options.fetch } : {}) },
        );
        const [v] = await c.embed(['find the tool that posts a message to a chat channel'], {
          timeoutMs: TEST_TIMEOUT_MS,
        });
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        const current = active();
        if (current !== undefined && current.url === s.url && current.model === s.model) {
          // The endpoint works now: do not wait out the retry delay.
          succeed();
          kick();
        }
        return { ok: true, url: s.url, model: s.model, dimensions: v?.length ?? 0, latencyMs };
      } catch (err) {
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        const code = err instanceof EmbeddingsError ? err.code : 'EMBEDDINGS_SECRET';
        return {
          ok: false,
          url: s.url,
          model: s.model,
          latencyMs,
          error: { code, message: errorText(err) },
        };
      }
    },

    flush() {
      if (saveTimer !== undefined) {
        clearTimeout(saveTimer);
        saveTimer = undefined;
        return write();
      }
      return saving;
    },

    async close() {
      closed = true;
      abort?.abort();
      if (retryTimer !== undefined) {
        clearTimeout(retryTimer);
      }
      await this.flush();
    },
  };

  async function resolveTestKey(ref: string): Promise<string> {
    const name = SECRET_REFERENCE_PATTERN.exec(ref)?.[1];
    const value = name !== undefined ? await options.resolveSecret(name) : undefined;
    if (value === undefined) {
      throw new SecretMissing(
        `the embeddings apiKey ${ref} is not in the keychain: \`mcp-gateway secrets set ${name ?? 'NAME'}\``,
      );
    }
    return value;
  }
}

class SecretMissing extends Error {}
