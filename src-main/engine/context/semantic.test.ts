import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import {
  type FakeEmbeddings,
  startFakeEmbeddings,
  vectorOf,
} from '../../../test/fixtures/servers/fake-embeddings.mjs';
import { ct, embeddingsSettings, metaDeps } from '../../../test/lib/context.js';
import type { Logger } from '../types.js';
import { createEmbeddingsClient, EmbeddingsError, embeddingsUrl } from './embeddings.js';
import { createMetaToolset } from './meta.js';
import { createSemanticRanker, type SemanticRanker } from './semantic.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    await c();
  }
});

async function fake(options?: Parameters<typeof startFakeEmbeddings>[0]): Promise<FakeEmbeddings> {
  const f = await startFakeEmbeddings(options);
  cleanups.push(() => f.close());
  return f;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'embeddings-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const TOOLS = [
  ct('chat', 'post_message', 'Post a message about a release to a channel'),
  ct('store', 'delete_release', 'Delete a release'),
  ct('files', 'read_file', 'Read the contents of a file'),
  ct('weather', 'get_forecast', 'Get the weather forecast for a city'),
];

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger & { warnings: string[] } = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (_msg, fields) => warnings.push(String(fields?.['error'] ?? _msg)),
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

function ranker(
  settings: () => EmbeddingsSettings | undefined,
  extra: { file?: string; secrets?: Record<string, string> } = {},
) {
  const logger = recordingLogger();
  const r = createSemanticRanker({
    settings,
    resolveSecret: (name) => Promise.resolve(extra.secrets?.[name]),
    logger,
    retryMs: 60_000,
    saveDelayMs: 5,
    ...(extra.file !== undefined ? { file: extra.file } : {}),
  });
  cleanups.push(() => r.close());
  return { r, logger };
}

function metaWith(semantic?: SemanticRanker) {
  return createMetaToolset(metaDeps(TOOLS, semantic !== undefined ? { semantic } : {}));
}

async function ready(r: SemanticRanker): Promise<void> {
  await vi.waitFor(() => expect(r.status().state).toBe('ready'), { timeout: 5_000, interval: 10 });
}

describe('embeddings client', () => {
  it('posts to <base>/embeddings (or the full URL as given)', () => {
    expect(embeddingsUrl('http://127.0.0.1:11434/v1').href).toBe('http://127.0.0.1:11434/v1/embeddings');
    expect(embeddingsUrl('http://127.0.0.1:11434/v1/').href).toBe('http://127.0.0.1:11434/v1/embeddings');
    expect(embeddingsUrl('https://api.example.com/v1/embeddings').href).toBe(
      'https://api.example.com/v1/embeddings',
    );
  });

  it('splits texts into bounded batches, keeps their order and answers unit vectors', async () => {
    const f = await fake();
    const client = createEmbeddingsClient({ url: f.url, model: 'm' }, { maxBatch: 2, concurrency: 2 });
    const texts = ['post a message', 'read a file', 'weather forecast', 'delete a release', 'tell the team'];
    const vectors = await client.embed(texts, { timeoutMs: 5_000 });
    expect(f.requests).toHaveLength(3);
    expect(f.requests.map((r) => (r.body.input as string[]).length)).toEqual([2, 2, 1]);
    expect(f.requests.every((r) => r.body.model === 'm' && r.authorization === undefined)).toBe(true);
    texts.forEach((t, i) => {
      const raw = vectorOf(t);
      const norm = Math.hypot(...raw);
      const got = vectors[i];
      expect(got).toBeDefined();
      expect(Math.hypot(...(got ?? []))).toBeCloseTo(1, 5);
      expect(got?.[raw.length - 1]).toBeCloseTo((raw[raw.length - 1] ?? 0) / norm, 5);
    });
  });

  it.each([
    ['not-json', 'EMBEDDINGS_BAD_RESPONSE', /did not answer JSON/],
    ['wrong-count', 'EMBEDDINGS_BAD_RESPONSE', /"data" list of 2/],
    ['nan', 'EMBEDDINGS_BAD_RESPONSE', /not a number/],
    ['http-500', 'EMBEDDINGS_HTTP', /HTTP 500: model exploded/],
  ] as const)('refuses an answer that is %s with a clear error', async (mode, code, message) => {
    const f = await fake({ mode });
    const client = createEmbeddingsClient({ url: f.url, model: 'm' });
    const err = await client.embed(['a', 'b'], { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingsError);
    expect((err as EmbeddingsError).code).toBe(code);
    expect((err as EmbeddingsError).message).toMatch(message);
  });

  it('bounds the answer size and the time it waits', async () => {
    const f = await fake({ mode: 'huge' });
    const small = createEmbeddingsClient({ url: f.url, model: 'm' }, { maxResponseBytes: 1024 * 1024 });
    await expect(small.embed(['a'], { timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'EMBEDDINGS_TOO_LARGE',
    });
    f.set('slow', 2_000);
    const client = createEmbeddingsClient({ url: f.url, model: 'm' });
    await expect(client.embed(['a'], { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'EMBEDDINGS_TIMEOUT',
    });
  });

  it('says when nothing listens, and never follows a redirect elsewhere', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const none = createEmbeddingsClient({ url: `http://127.0.0.1:${port}/v1`, model: 'm' });
    await expect(none.embed(['a'], { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: 'EMBEDDINGS_UNREACHABLE',
    });

    const elsewhere = await fake();
    const f = await fake({ mode: 'redirect', redirectTo: `${elsewhere.url}/embeddings` });
    const client = createEmbeddingsClient({ url: f.url, model: 'm' });
    await expect(client.embed(['secret tool text'], { timeoutMs: 2_000 })).rejects.toBeInstanceOf(
      EmbeddingsError,
    );
    expect(f.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('semantic ranking', () => {
  it('sends nothing anywhere while it is not configured or turned off', async () => {
    const f = await fake();
    const current: { settings?: EmbeddingsSettings } = {};
    const { r } = ranker(() => current.settings);
    const meta = metaWith(r);
    r.sync(TOOLS);
    const off = await meta.searchRanked('zorble the release');
    expect(off.semantic).toEqual({ used: false, reason: 'semantic search is not configured' });
    expect(r.status()).toMatchObject({ state: 'off' });
    current.settings = embeddingsSettings(f.url, { enabled: false });
    r.sync(TOOLS);
    expect((await meta.searchRanked('zorble the release')).semantic.used).toBe(false);
    expect(r.status()).toMatchObject({ state: 'off', reason: 'semantic search is turned off', url: f.url });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(f.requests).toHaveLength(0);
  });

  it('computes tool vectors in the background and fuses similarity with the lexical score', async () => {
    const f = await fake();
    const { r } = ranker(() => embeddingsSettings(f.url, { apiKey: '${secret:EMBED_KEY}' }), {
      secrets: { EMBED_KEY: 'k-123' },
    });
    r.sync(TOOLS);
    await ready(r);
    // One request carried every tool text, with the key from the keychain.
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]?.body.input).toHaveLength(TOOLS.length);
    expect(f.requests[0]?.authorization).toBe('Bearer k-123');
    expect(r.status()).toMatchObject({
      state: 'ready',
      dimensions: 64,
      tools: 4,
      vectors: 4,
      model: 'fake-embed',
    });

    // Words alone prefer the tool named after "release"; the meaning of "zorble" is a message.
    expect(metaWith().search('zorble the release')[0]?.id).toBe('store__delete_release');
    const fused = await metaWith(r).searchRanked('zorble the release');
    expect(fused.semantic).toEqual({ used: true });
    expect(fused.hits[0]?.id).toBe('chat__post_message');
    expect(fused.hits[0]?.matched).toContain('similar meaning');
    // Query vectors are kept: the same query again asks the endpoint nothing.
    await metaWith(r).searchRanked('zorble the release');
    expect(f.requests).toHaveLength(2);
    // A semantic match alone makes a candidate: no word of this query is in any tool.
    expect((await metaWith(r).searchRanked('zorble'))?.hits[0]?.id).toBe('chat__post_message');
  });

  it('falls back to words only when the query times out, logs it once and stops asking for a while', async () => {
    const f = await fake();
    const { r, logger } = ranker(() => embeddingsSettings(f.url, { queryTimeoutMs: 100 }));
    r.sync(TOOLS);
    await ready(r);
    f.set('slow', 1_000);
    const meta = metaWith(r);
    const first = await meta.searchRanked('zorble the release');
    expect(first.semantic.used).toBe(false);
    expect(first.semantic.reason).toMatch(/did not answer in time/);
    expect(first.hits.map((h) => h.id)).toEqual(
      metaWith()
        .search('zorble the release')
        .map((h) => h.id),
    );
    const asked = f.requests.length;
    const second = await meta.searchRanked('another zorble question');
    expect(second.semantic.used).toBe(false);
    expect(f.requests).toHaveLength(asked);
    expect(logger.warnings.filter((w) => /did not answer in time/.test(w))).toHaveLength(1);
    expect(r.status()).toMatchObject({ state: 'error', lastError: { code: 'EMBEDDINGS_TIMEOUT' } });
  });

  it.each(['http-500', 'not-json', 'nan', 'other-dims'] as const)(
    'falls back to words only when the endpoint answers %s',
    async (mode) => {
      const f = await fake();
      const { r } = ranker(() => embeddingsSettings(f.url));
      r.sync(TOOLS);
      await ready(r);
      f.set(mode);
      const out = await metaWith(r).searchRanked('zorble the release');
      expect(out.semantic.used).toBe(false);
      expect(out.semantic.reason).toBeTruthy();
      expect(out.hits[0]?.id).toBe('store__delete_release');
      expect(r.status().lastError).toBeDefined();
    },
  );

  it('says why when tool vectors cannot be computed, and retries when the test succeeds', async () => {
    const f = await fake({ mode: 'http-500' });
    const { r } = ranker(() => embeddingsSettings(f.url));
    r.sync(TOOLS);
    await vi.waitFor(() => expect(r.status().state).toBe('error'), { timeout: 5_000, interval: 10 });
    expect(r.status().reason).toMatch(/HTTP 500/);
    expect((await metaWith(r).searchRanked('zorble the release')).semantic.reason).toMatch(/HTTP 500/);
    const failed = await r.test();
    expect(failed).toMatchObject({ ok: false, error: { code: 'EMBEDDINGS_HTTP' } });
    f.set('ok');
    const ok = await r.test();
    expect(ok).toMatchObject({ ok: true, dimensions: 64, model: 'fake-embed' });
    expect(typeof ok.latencyMs).toBe('number');
    await ready(r);
  });

  it('reports a key that is missing from the keychain', async () => {
    const f = await fake();
    const { r } = ranker(() => embeddingsSettings(f.url, { apiKey: '${secret:NOPE}' }));
    r.sync(TOOLS);
    await vi.waitFor(() => expect(r.status().state).toBe('error'), { timeout: 5_000, interval: 10 });
    expect(r.status().reason).toMatch(/mcp-gateway secrets set NOPE/);
    expect(f.requests).toHaveLength(0);
  });

  it('reuses the vectors cached in the data folder after a restart', async () => {
    const f = await fake();
    const file = join(tempDir(), 'search-embeddings.json');
    const first = ranker(() => embeddingsSettings(f.url), { file }).r;
    first.sync(TOOLS);
    await ready(first);
    await first.close();
    expect(f.requests).toHaveLength(1);

    const second = ranker(() => embeddingsSettings(f.url), { file }).r;
    second.sync(TOOLS);
    expect(second.status()).toMatchObject({ state: 'ready', vectors: 4, cached: 4 });
    const out = await metaWith(second).searchRanked('zorble the release');
    expect(out.hits[0]?.id).toBe('chat__post_message');
    // Only the query went out; a changed tool is the only one embedded again.
    expect(f.requests).toHaveLength(2);
    expect(f.requests[1]?.body.input).toEqual(['zorble the release']);
    const changed = [...TOOLS.slice(1), ct('chat', 'post_message', 'Post a message to a channel')];
    second.sync(changed);
    await ready(second);
    expect(f.requests[2]?.body.input).toHaveLength(1);

    // Another model does not reuse them.
    const third = ranker(() => embeddingsSettings(f.url, { model: 'other-model' }), { file }).r;
    third.sync(TOOLS);
    expect(third.status().state).not.toBe('ready');
    await ready(third);
  });
});
