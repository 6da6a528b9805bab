import type { Tool } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import { type FakeEmbeddings, startFakeEmbeddings } from '../../../test/fixtures/servers/fake-embeddings.mjs';
import type { CatalogTool, Logger } from '../types.js';
import { store } from './semantic-cache.js';
import { haveAll, kick } from './semantic-indexer.js';
import { createSemanticContext, type SemanticContext } from './semantic-state.js';

const logger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => logger };
let server: FakeEmbeddings | undefined;
const contexts: SemanticContext[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) {
    c.closed = true;
    c.abort?.abort();
    clearTimeout(c.retryTimer);
  }
  await server?.close();
});
function tool(name: string): CatalogTool {
  const definition: Tool = { name, description: `Does ${name}`, inputSchema: { type: 'object' } };
  return {
    id: `s__${name}`,
    server: 's',
    name,
    definition,
    tokens: 0,
    visible: true,
    hiddenReason: undefined,
  };
}
const tools = Array.from({ length: 5 }, (_, i) => tool(`t${i}`));

function ctxFor(url: string, now = () => 0) {
  const s: EmbeddingsSettings = {
    enabled: true,
    url,
    model: 'fake-embed',
    queryTimeoutMs: 1_000,
    batchTimeoutMs: 5_000,
  };
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
