import { afterEach, describe, expect, it } from 'vitest';

import { type FakeEmbeddings, startFakeEmbeddings } from '../../../test/fixtures/servers/fake-embeddings.mjs';
import { closeSemanticContext, embeddingsSettings } from '../../../test/lib/context.js';
import { silentLogger as logger } from '../telemetry/index.js';
import { probeEndpoint } from './semantic-probe.js';
import { createSemanticContext, type SemanticContext } from './semantic-state.js';

let server: FakeEmbeddings | undefined;
const contexts: SemanticContext[] = [];
afterEach(async () => {
  contexts.splice(0).forEach(closeSemanticContext);
  await server?.close();
});

describe('semantic endpoint test', () => {
  it('asks for a url and a model first', async () => {
    const ctx = createSemanticContext({
      settings: () => undefined,
      resolveSecret: async () => undefined,
      logger,
    });
    expect(await probeEndpoint(ctx, undefined)).toMatchObject({
      ok: false,
      error: { code: 'EMBEDDINGS_NOT_CONFIGURED' },
    });
  });

  it('reports dimensions, and lifts the retry wait of the settings in use', async () => {
    server = await startFakeEmbeddings();
    const s = embeddingsSettings(server.url);
    const ctx = createSemanticContext({ settings: () => s, resolveSecret: async () => undefined, logger });
    contexts.push(ctx);
    Object.assign(ctx, { failures: 3, retryAt: Number.MAX_SAFE_INTEGER });
    const got = await probeEndpoint(ctx, undefined);
    expect(got).toMatchObject({ ok: true, url: s.url, model: 'fake-embed' });
    expect(got.dimensions).toBeGreaterThan(0);
    expect([ctx.failures, ctx.retryAt]).toEqual([0, 0]);
  });

  it('tests other settings without touching the ones in use, and names a missing key', async () => {
    server = await startFakeEmbeddings({ mode: 'http-500' });
    const ctx = createSemanticContext({
      settings: () => undefined,
      resolveSecret: async () => undefined,
      logger,
    });
    expect(await probeEndpoint(ctx, embeddingsSettings(server.url))).toMatchObject({
      ok: false,
      error: { code: 'EMBEDDINGS_HTTP' },
    });
    const keyless = await probeEndpoint(ctx, embeddingsSettings(server.url, { apiKey: '${secret:EMB}' }));
    expect(keyless.error).toEqual({
      code: 'EMBEDDINGS_SECRET',
      message: 'the embeddings apiKey ${secret:EMB} is not in the keychain: `mcp-gateway secrets set EMB`',
    });
  });
});
