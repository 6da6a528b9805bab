import { afterEach, describe, expect, it } from 'vitest';

import { type FakeEmbeddings, startFakeEmbeddings } from '../../../test/fixtures/servers/fake-embeddings.mjs';
import { embeddingsSettings } from '../../../test/lib/context.js';
import type { Logger } from '../types.js';
import { EmbeddingsError } from './embeddings.js';
import { embed, fail, resolveTestKey, SecretMissing, succeed } from './semantic-endpoint.js';
import { createSemanticContext } from './semantic-state.js';

const warnings: string[] = [];
const logger: Logger = {
  debug() {},
  info() {},
  warn: (_m, f) => void warnings.push(String(f?.['error'])),
  error() {},
  child: () => logger,
};
let server: FakeEmbeddings | undefined;
afterEach(async () => {
  await server?.close();
  warnings.length = 0;
});

describe('semantic endpoint', () => {
  it('sends the key from the keychain, looked up once per settings', async () => {
    server = await startFakeEmbeddings();
    let lookups = 0;
    const ctx = createSemanticContext({
      settings: () => undefined,
      resolveSecret: async (name) => (lookups++, name === 'EMB' ? 'sk-1' : undefined),
      logger,
    });
    const s = embeddingsSettings(server.url, { apiKey: '${secret:EMB}' });
    const [v] = await embed(ctx, s, ['a'], 1_000);
    await embed(ctx, s, ['b'], 1_000);
    expect(v?.length).toBeGreaterThan(0);
    expect(lookups).toBe(1);
    expect(server.requests.map((r) => r.authorization)).toEqual(['Bearer sk-1', 'Bearer sk-1']);
  });

  it('says which secret to set when the keychain lacks it, and asks again next time', async () => {
    let lookups = 0;
    const ctx = createSemanticContext({
      settings: () => undefined,
      resolveSecret: async () => (lookups++, undefined),
      logger,
    });
    const s = embeddingsSettings('http://127.0.0.1:1/v1', { apiKey: '${secret:EMB}' });
    await expect(embed(ctx, s, ['a'], 1_000)).rejects.toThrow(SecretMissing);
    await expect(embed(ctx, s, ['a'], 1_000)).rejects.toThrow('`mcp-gateway secrets set EMB`');
    expect(lookups).toBe(2);
    await expect(resolveTestKey(ctx, '${secret:OTHER}')).rejects.toThrow('mcp-gateway secrets set OTHER');
  });

  it('records a failure, logs each distinct one once, and clears it on success', () => {
    const ctx = createSemanticContext({
      settings: () => undefined,
      resolveSecret: async () => undefined,
      logger,
      now: () => 7,
    });
    fail(ctx, new EmbeddingsError('EMBEDDINGS_TIMEOUT', 'too slow'));
    fail(ctx, new EmbeddingsError('EMBEDDINGS_TIMEOUT', 'too slow'));
    fail(ctx, new SecretMissing('no key'));
    expect(ctx.lastError).toEqual({ code: 'EMBEDDINGS_SECRET', message: 'no key', at: 7 });
    expect(warnings).toEqual(['too slow', 'no key']);
    Object.assign(ctx, { failures: 2, retryAt: 5, queryBlockedUntil: 5 });
    succeed(ctx);
    expect([ctx.failures, ctx.retryAt, ctx.queryBlockedUntil, ctx.lastError, ctx.loggedError]).toEqual([
      0,
      0,
      0,
      undefined,
      '',
    ]);
  });
});
