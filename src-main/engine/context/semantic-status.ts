import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import type { CatalogTool } from '../types.js';
import { store } from './semantic-cache.js';
import { haveAll } from './semantic-indexer.js';
import { refresh, type SemanticContext } from './semantic-state.js';
import { known } from './semantic-text.js';
import type { SemanticStatus } from './semantic-types.js';

/** What the API and the dashboard show: off, computing tool vectors, ready, or failing and why. */
export function describeStatus(ctx: SemanticContext, s: EmbeddingsSettings | undefined): SemanticStatus {
  const { latest } = ctx;
  const base = { tools: latest.length, vectors: 0, cached: ctx.vectors?.size ?? 0 };
  if (s === undefined) {
    const configured = ctx.options.settings();
    return {
      state: 'off',
      ...base,
      ...(configured !== undefined ? { url: configured.url, model: configured.model } : {}),
      reason:
        configured === undefined ? 'semantic search is not configured' : 'semantic search is turned off',
    };
  }
  refresh(ctx, s);
  const have = haveAll(ctx, s, latest);
  const first = latest.length > 0 ? store(ctx).get(known(ctx, s, latest[0] as CatalogTool).key) : undefined;
  const { lastError, lastQueryMs } = ctx;
  const common = {
    url: s.url,
    model: s.model,
    ...base,
    vectors: have,
    ...(first !== undefined ? { dimensions: first.length } : {}),
    ...(lastError !== undefined ? { lastError } : {}),
    ...(lastQueryMs !== undefined ? { lastQueryMs } : {}),
  };
  if (lastError !== undefined && (have < latest.length || ctx.now() < ctx.queryBlockedUntil)) {
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
}
