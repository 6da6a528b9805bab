import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getEmbeddingsStatus, searchContext, testEmbeddings } from '../../src-shared/api/context.js';
import { getSettings, updateSettings } from '../../src-shared/api/routes.js';
import { setSecret } from '../../src-shared/api/secrets.js';
import { type FakeEmbeddings, startFakeEmbeddings } from '../fixtures/servers/fake-embeddings.mjs';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { MEMORY, nodeServer } from '../lib/paths.js';

const KEY = 'sk-embeddings-key-that-must-not-leak';

describe('semantic search through an embeddings endpoint (control API)', () => {
  let gw: Gateway;
  let endpoint: FakeEmbeddings;
  beforeAll(async () => {
    endpoint = await startFakeEmbeddings();
    gw = await startGateway(
      { memory: nodeServer(MEMORY) },
      { secrets: { allowFileFallback: true } },
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' } },
    );
    await gw.waitFor(() => gw.engine.ctx.catalog.tools().some((t) => t.server === 'memory'), 'memory tools');
  });
  afterAll(async () => {
    await gw.close();
    await endpoint.close();
  });

  it('is off by default: searches rank by words and nothing is sent', async () => {
    expect(await gw.api.call(getEmbeddingsStatus)).toMatchObject({
      state: 'off',
      reason: 'semantic search is not configured',
    });
    const out = await gw.api.call(searchContext, { query: { q: 'remember that Alice likes tea' } });
    expect(out.results.length).toBeGreaterThan(0);
    expect(out.semantic).toEqual({ used: false, reason: 'semantic search is not configured' });
    expect(endpoint.requests).toHaveLength(0);
  });

  it('refuses a plain-text key and a URL with credentials, saying what to do', async () => {
    await expect(
      gw.api.call(updateSettings, {
        body: { search: { embeddings: { url: endpoint.url, model: 'm', apiKey: 'sk-plain' } } },
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/\$\{secret:/) as unknown,
    });
    await expect(
      gw.api.call(testEmbeddings, { body: { url: 'http://user:pw@127.0.0.1:1/v1', model: 'm' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/credentials/) as unknown,
    });
    expect(endpoint.requests).toHaveLength(0);
  });

  it('tests a connection before it is saved: dimensions and latency', async () => {
    const out = await gw.api.call(testEmbeddings, { body: { url: endpoint.url, model: 'fake-embed' } });
    expect(out).toMatchObject({ ok: true, dimensions: 64, model: 'fake-embed' });
    expect(out.latencyMs).toBeGreaterThanOrEqual(0);
    const bad = await gw.api.call(testEmbeddings, {
      body: { url: 'http://127.0.0.1:1/v1', model: 'fake-embed' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'EMBEDDINGS_UNREACHABLE' } });
    endpoint.requests.length = 0;
  });

  it('once configured, computes tool vectors in the background and fuses them into searches', async () => {
    await gw.api.call(setSecret, { params: { name: 'embed-key' }, body: { value: KEY } });
    const saved = await gw.api.call(updateSettings, {
      body: {
        search: { embeddings: { url: endpoint.url, model: 'fake-embed', apiKey: '${secret:embed-key}' } },
      },
    });
    expect(saved.settings.search.embeddings).toMatchObject({
      enabled: true,
      url: endpoint.url,
      model: 'fake-embed',
    });
    const memoryTools = gw.engine.ctx.catalog.tools().filter((t) => t.visible).length;
    await gw.waitFor(() => gw.engine.ctx.semantic?.status().state === 'ready', 'tool vectors');
    expect(await gw.api.call(getEmbeddingsStatus)).toMatchObject({
      state: 'ready',
      tools: memoryTools,
      vectors: memoryTools,
      dimensions: 64,
    });
    // Only tool texts went out, with the key from the keychain; the key is nowhere in the config.
    expect(endpoint.requests[0]?.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.stringify(endpoint.requests[0]?.body.input)).toContain('create entities');
    expect(readFileSync(gw.configFile, 'utf8')).not.toContain(KEY);

    const out = await gw.api.call(searchContext, { query: { q: 'remember that Alice likes tea' } });
    expect(out.semantic).toEqual({ used: true });
    expect(endpoint.requests.at(-1)?.body.input).toEqual(['remember that Alice likes tea']);
  });

  it('turned off, it keeps the endpoint and sends nothing more', async () => {
    const off = await gw.api.call(updateSettings, { body: { search: { embeddings: { enabled: false } } } });
    expect(off.settings.search.embeddings).toMatchObject({
      enabled: false,
      url: endpoint.url,
      model: 'fake-embed',
    });
    const before = endpoint.requests.length;
    const out = await gw.api.call(searchContext, { query: { q: 'forget everything about Bob' } });
    expect(out.semantic).toEqual({ used: false, reason: 'semantic search is turned off' });
    expect(endpoint.requests).toHaveLength(before);
    expect((await gw.api.call(getEmbeddingsStatus)).state).toBe('off');
    expect((await gw.api.call(getSettings)).settings.search.learn).toBe(true);
  });
});
