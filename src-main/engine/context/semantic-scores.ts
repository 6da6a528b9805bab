import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import type { CatalogTool } from '../types.js';
import { EmbeddingsError } from './embeddings.js';
import { store } from './semantic-cache.js';
import { embed, fail, succeed } from './semantic-endpoint.js';
import { haveAll, kick, MAX_RETRY_MS } from './semantic-indexer.js';
import { activeSettings, refresh, type SemanticContext } from './semantic-state.js';
import { known } from './semantic-text.js';
import type { SemanticScores } from './semantic-types.js';

/**
 * A search's similarities: the query embedded (short timeout, small LRU of query vectors), then
 * its cosine with each tool's vector; or why there are none (off, vectors missing, endpoint down).
 */

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    s += (a[i] ?? 0) * (b[i] ?? 0);
  }
  return s;
}

export async function semanticScores(
  ctx: SemanticContext,
  query: string,
  tools: readonly CatalogTool[],
): Promise<SemanticScores> {
  const s = activeSettings(ctx);
  if (s === undefined) {
    return {
      reason:
        ctx.options.settings() === undefined
          ? 'semantic search is not configured'
          : 'semantic search is turned off',
    };
  }
  refresh(ctx, s);
  const have = haveAll(ctx, s, tools);
  if (have < tools.length) {
    kick(ctx);
    return { reason: ctx.lastError?.message ?? `computing tool vectors: ${have} of ${tools.length} done` };
  }
  if (ctx.now() < ctx.queryBlockedUntil) {
    return { reason: ctx.lastError?.message ?? 'the embeddings endpoint failed a moment ago' };
  }
  const qv = await queryVector(ctx, s, query);
  if (typeof qv === 'string') {
    return { reason: qv };
  }
  return similarities(ctx, s, qv, tools);
}

/** The query's vector from the LRU or the endpoint; a string says why there is none. */
async function queryVector(
  ctx: SemanticContext,
  s: EmbeddingsSettings,
  query: string,
): Promise<Float32Array | string> {
  const { queries } = ctx;
  const qKey = `${s.model}\u0000${query}`;
  let qv = queries.get(qKey);
  if (qv === undefined) {
    const started = ctx.now();
    try {
      [qv] = await embed(ctx, s, [query], s.queryTimeoutMs);
      ctx.lastQueryMs = ctx.now() - started;
    } catch (err) {
      fail(ctx, err);
      // A failing endpoint is not asked again for a while: searches stay fast meanwhile.
      ctx.queryBlockedUntil = ctx.now() + Math.min(MAX_RETRY_MS, ctx.baseRetry);
      return ctx.lastError?.message ?? String(err);
    }
    if (qv === undefined) {
      return 'the embeddings endpoint answered no vector';
    }
    succeed(ctx);
  } else {
    queries.delete(qKey);
  }
  queries.set(qKey, qv);
  if (queries.size > ctx.maxQueries) {
    const oldest = queries.keys().next().value;
    if (oldest !== undefined) {
      queries.delete(oldest);
    }
  }
  return qv;
}

function similarities(
  ctx: SemanticContext,
  s: EmbeddingsSettings,
  qv: Float32Array,
  tools: readonly CatalogTool[],
): SemanticScores {
  const m = store(ctx);
  const out = new Map<string, number>();
  for (const t of tools) {
    const v = m.get(known(ctx, s, t).key);
    if (v === undefined) {
      continue;
    }
    if (v.length !== qv.length) {
      const message = `the model answered ${qv.length} dimensions for the query but ${v.length} for tools; vectors are computed again`;
      fail(ctx, new EmbeddingsError('EMBEDDINGS_BAD_RESPONSE', message));
      m.clear();
      ctx.queries.clear();
      kick(ctx);
      return { reason: message };
    }
    out.set(t.id, dot(qv, v));
  }
  return { scores: out };
}
