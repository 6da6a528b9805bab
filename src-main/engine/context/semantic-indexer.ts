import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import type { CatalogTool } from '../types.js';
import { put, scheduleSave, store } from './semantic-cache.js';
import { embed, fail, succeed } from './semantic-endpoint.js';
import { activeSettings, refresh, type SemanticContext } from './semantic-state.js';
import { known } from './semantic-text.js';

/**
 * Tool vectors computed in the background: one job at a time, in steps, each step's vectors
 * kept as they come; after a failure the job waits (doubling up to MAX_RETRY_MS) and tries again.
 */

export const MAX_RETRY_MS = 10 * 60_000;
/** Tool texts sent per background step (the client splits further into its own batches). */
const STEP = 128;

/** Texts of the latest tools that have no vector yet, by key. */
function missingTexts(ctx: SemanticContext, s: EmbeddingsSettings): Map<string, string> {
  const m = store(ctx);
  const out = new Map<string, string>();
  for (const t of ctx.latest) {
    const k = known(ctx, s, t);
    if (!m.has(k.key)) {
      out.set(k.key, k.text);
    }
  }
  return out;
}

/** How many of these tools have a vector. */
export function haveAll(ctx: SemanticContext, s: EmbeddingsSettings, tools: readonly CatalogTool[]): number {
  const m = store(ctx);
  let have = 0;
  for (const t of tools) {
    if (m.has(known(ctx, s, t).key)) {
      have++;
    }
  }
  return have;
}

/** Start the background job when vectors are missing, no job runs and no retry wait is on. */
export function kick(ctx: SemanticContext): void {
  const s = activeSettings(ctx);
  if (s === undefined || ctx.job !== undefined || ctx.now() < ctx.retryAt) {
    return;
  }
  refresh(ctx, s);
  if (missingTexts(ctx, s).size === 0) {
    return;
  }
  const controller = new AbortController();
  ctx.abort = controller;
  const run = computeMissing(ctx, s, controller.signal);
  ctx.job = run;
  run
    .catch((err: unknown) => {
      if (controller.signal.aborted) {
        return;
      }
      fail(ctx, err);
      retryLater(ctx);
    })
    .finally(() => {
      if (ctx.job === run) {
        ctx.job = undefined;
        ctx.abort = undefined;
      }
    });
}

async function computeMissing(
  ctx: SemanticContext,
  s: EmbeddingsSettings,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    const missing = [...missingTexts(ctx, s)].slice(0, STEP);
    if (missing.length === 0 || signal.aborted) {
      return;
    }
    const got = await embed(
      ctx,
      s,
      missing.map(([, text]) => text),
      s.batchTimeoutMs,
      signal,
    );
    if (signal.aborted) {
      return;
    }
    const dims = got[0]?.length;
    const m = store(ctx);
    const first = m.get(missing[0]?.[0] ?? '');
    if (first !== undefined && first.length !== dims) {
      m.clear();
    }
    got.forEach((v, i) => put(ctx, missing[i]?.[0] ?? '', v));
    succeed(ctx);
    scheduleSave(ctx);
  }
}

function retryLater(ctx: SemanticContext): void {
  ctx.failures++;
  const wait = Math.min(MAX_RETRY_MS, ctx.baseRetry * 2 ** (ctx.failures - 1));
  ctx.retryAt = ctx.now() + wait;
  if (ctx.retryTimer !== undefined) {
    clearTimeout(ctx.retryTimer);
  }
  ctx.retryTimer = setTimeout(() => {
    ctx.retryTimer = undefined;
    kick(ctx);
  }, wait);
  ctx.retryTimer.unref?.();
}
