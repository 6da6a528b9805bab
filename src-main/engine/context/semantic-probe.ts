import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import { errorText } from '../../../src-shared/values.js';
import { EmbeddingsError } from './embeddings.js';
import { clientFor, resolveTestKey, succeed } from './semantic-endpoint.js';
import { kick } from './semantic-indexer.js';
import { activeSettings, type SemanticContext } from './semantic-state.js';
import type { SemanticTestResult } from './semantic-types.js';

/** "Test the endpoint": one short text embedded with these settings; dimensions and latency, or the error. */

const TEST_TIMEOUT_MS = 10_000;

export async function probeEndpoint(
  ctx: SemanticContext,
  settings: EmbeddingsSettings | undefined,
): Promise<SemanticTestResult> {
  const s = settings ?? ctx.options.settings();
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
    const key = s.apiKey === undefined ? undefined : await resolveTestKey(ctx, s.apiKey);
    const [v] = await clientFor(ctx, s, key).embed(['find the tool that posts a message to a chat channel'], {
      timeoutMs: TEST_TIMEOUT_MS,
    });
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const current = activeSettings(ctx);
    if (current !== undefined && current.url === s.url && current.model === s.model) {
      // The endpoint works now: do not wait out the retry delay.
      succeed(ctx);
      kick(ctx);
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
}
