import { afterEach, describe, expect, it, vi } from 'vitest';

import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import {
  type FakeEmbeddings,
  startFakeEmbeddings,
  vectorOf,
} from '../../../test/fixtures/servers/fake-embeddings.mjs';
import { catalogTool, closeSemanticContext, embeddingsSettings } from '../../../test/lib/context.js';
import { silentLogger as logger } from '../telemetry/index.js';
import { semanticScores } from './semantic-scores.js';
import { createSemanticContext, type SemanticContext } from './semantic-state.js';
import { toolText } from './semantic-text.js';

let server: FakeEmbeddings | undefined;
const contexts: SemanticContext[] = [];
afterEach(async () => {
  contexts.splice(0).forEach(closeSemanticContext);
  await server?.close();
});
const tool = (name: string) =>
  catalogTool('s', { name, description: `Does ${name}`, inputSchema: { type: 'object' } });
const tools = [tool('alpha'), tool('beta')];
function ctxFor(url: string, settings?: EmbeddingsSettings | null, maxQueries = 256) {
  const s = embeddingsSettings(url);
  const ctx = createSemanticContext({
    settings: () => (settings === null ? undefined : (settings ?? s)),
    resolveSecret: async () => undefined,
    logger,
    retryMs: 60_000,
    maxQueries,
  });
  ctx.latest = tools;
  contexts.push(ctx);
  return ctx;
}
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const cosine = (a: string, b: string) => {
  const [x, y] = [unit(vectorOf(a)), unit(vectorOf(b))];
  return x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
};

describe('semantic scores', () => {
  it('says why there are none while off or while tool vectors are computed', async () => {
    expect(await semanticScores(ctxFor('http://127.0.0.1:1', null), 'q', tools)).toEqual({
      reason: 'semantic search is not configured',
    });
    server = await startFakeEmbeddings();
    const ctx = ctxFor(server.url);
    expect(await semanticScores(ctx, 'q', tools)).toEqual({ reason: 'computing tool vectors: 0 of 2 done' });
    expect(ctx.job).toBeDefined();
  });

  it('gives each tool the cosine of its vector with the query’s, keeping few query vectors', async () => {
    server = await startFakeEmbeddings();
    const ctx = ctxFor(server.url, undefined, 1);
    await semanticScores(ctx, 'q', tools);
    await vi.waitFor(() => expect(ctx.job).toBeUndefined());
    const got = await semanticScores(ctx, 'send a note', tools);
    expect(got.scores?.get('s__alpha')).toBeCloseTo(cosine('send a note', toolText(tools[0]!)), 5);
    const asked = server.requests.length;
    await semanticScores(ctx, 'send a note', tools);
    expect(server.requests.length).toBe(asked);
    await semanticScores(ctx, 'other', tools);
    expect([...ctx.queries.keys()]).toEqual(['fake-embed\u0000other']);
  });

  it('stops asking for a while after a query fails, and starts over when dimensions disagree', async () => {
    server = await startFakeEmbeddings();
    const ctx = ctxFor(server.url);
    await semanticScores(ctx, 'q', tools);
    await vi.waitFor(() => expect(ctx.job).toBeUndefined());
    server.set('http-500');
    const failed = await semanticScores(ctx, 'new query', tools);
    expect(failed.reason).toBe(ctx.lastError?.message);
    expect(ctx.queryBlockedUntil).toBeGreaterThan(Date.now());
    ctx.queryBlockedUntil = 0;
    server.set('other-dims');
    const other = await semanticScores(ctx, 'third query', tools);
    expect(other.reason).toMatch(/^the model answered 32 dimensions for the query but \d+ for tools/);
    expect(ctx.queries.size).toBe(0);
  });
});
