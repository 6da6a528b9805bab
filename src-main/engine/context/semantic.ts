import { flushCache } from './semantic-cache.js';
import { kick } from './semantic-indexer.js';
import { probeEndpoint } from './semantic-probe.js';
import { semanticScores } from './semantic-scores.js';
import { activeSettings, createSemanticContext } from './semantic-state.js';
import { describeStatus } from './semantic-status.js';
import type { SemanticRanker, SemanticRankerOptions } from './semantic-types.js';

/**
 * Semantic ranking through the user's own embeddings endpoint (`gateway.search.embeddings`).
 *
 * Tool vectors are computed in the background when tool lists change and kept in the data folder,
 * keyed by a hash of the embedding model and the text embedded for the tool (its name, title,
 * description and parameter names), so a restart or an unchanged tool never asks again. A search
 * embeds its query (short timeout, small LRU) and gets each tool's cosine similarity. Whatever
 * goes wrong — endpoint down, slow, wrong answers, vectors still being computed — the search
 * ranks lexically and `status()` says why. Off (absent or `enabled: false`) sends nothing.
 *
 * The parts share one state object (semantic-state.ts): the vector cache and its file
 * (semantic-cache.ts), the endpoint and failure bookkeeping (semantic-endpoint.ts), the
 * background job (semantic-indexer.ts), a search's similarities (semantic-scores.ts), the status
 * (semantic-status.ts) and the endpoint test (semantic-probe.ts).
 */

export { toolText } from './semantic-text.js';
export type {
  SemanticRanker,
  SemanticRankerOptions,
  SemanticStatus,
  SemanticTestResult,
} from './semantic-types.js';

export function createSemanticRanker(options: SemanticRankerOptions): SemanticRanker {
  const ctx = createSemanticContext(options);
  return {
    sync(tools) {
      ctx.latest = tools.filter((t) => t.visible);
      kick(ctx);
    },
    scores: (query, tools) => semanticScores(ctx, query, tools),
    status: () => describeStatus(ctx, activeSettings(ctx)),
    test: (settings) => probeEndpoint(ctx, settings),
    flush: () => flushCache(ctx),
    async close() {
      ctx.closed = true;
      ctx.abort?.abort();
      if (ctx.retryTimer !== undefined) {
        clearTimeout(ctx.retryTimer);
      }
      await flushCache(ctx);
    },
  };
}
