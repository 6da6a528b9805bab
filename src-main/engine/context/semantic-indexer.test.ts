import { afterEach, describe, expect, it, vi } from 'vitest';

import { type FakeEmbeddings, startFakeEmbeddings } from '../../../test/fixtures/servers/fake-embeddings.mjs';
import { catalogTool, closeSemanticContext, embeddingsSettings } from '../../../test/lib/context.js';
import { silentLogger as logger } from '../telemetry/index.js';
import { store } from './semantic-cache.js';
import { haveAll, kick } from './semantic-indexer.js';
import { createSemanticContext, type SemanticContext } from './semantic-state.js';

let server: FakeEmbeddings | undefined;
const contexts: SemanticContext[] = [];
afterEach(async () => {
  contexts.splice(0).forEach(closeSemanticContext);
  await server?.close();
});
const tool = (name: string) =>
  catalogTool('s', { name, description: `Does ${name}`, inputSchema: { type: 'object' } });
const tools = Array.from({ length: 5 }, (_, i) => tool(`t${i}`));

function ctxFor(url: string, now = () => 0) {
  const s = embeddingsSettings(url);
  const ctx = createSemanticContext({
    settings: () => s,
    resolveSecret: async () => undefined,
    logger,
    now,
    retryMs: 60_000,
  });
  ctx.latest = tools;
  contexts.push(ctx);
  return { ctx, s };
}

describe('semantic background indexing', () => {
  it('computes the missing tool vectors once, one job at a time', async () => {
    server = await startFakeEmbeddings();
    const { ctx, s } = ctxFor(server.url);
    expect(haveAll(ctx, s, tools)).toBe(0);
    kick(ctx);
    const job = ctx.job;
    kick(ctx);
    expect(ctx.job).toBe(job);
    await vi.waitFor(() => expect(ctx.job).toBeUndefined());
    expect(haveAll(ctx, s, tools)).toBe(5);
    expect(store(ctx).size).toBe(5);
    const asked = server.requests.length;
    kick(ctx);
    expect(ctx.job).toBeUndefined();
    expect(server.requests.length).toBe(asked);
  });

  it('after a failure waits, doubling, before it asks again', async () => {
    server = await startFakeEmbeddings({ mode: 'http-500' });
    let clock = 1_000;
    const { ctx } = ctxFor(server.url, () => clock);
    kick(ctx);
    await vi.waitFor(() => expect(ctx.failures).toBe(1));
    expect(ctx.retryAt).toBe(1_000 + 60_000);
    expect(ctx.lastError?.code).toBe('EMBEDDINGS_HTTP');
    const asked = server.requests.length;
    kick(ctx);
    expect(server.requests.length).toBe(asked);
    clock = ctx.retryAt;
    kick(ctx);
    await vi.waitFor(() => expect(ctx.failures).toBe(2));
    expect(ctx.retryAt).toBe(clock + 120_000);
  });
});
