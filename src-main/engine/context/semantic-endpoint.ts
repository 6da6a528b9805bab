import { type EmbeddingsSettings, SECRET_REFERENCE_PATTERN } from '../../../src-shared/config.js';
import { errorText } from '../../../src-shared/values.js';
import { createEmbeddingsClient, EmbeddingsError } from './embeddings.js';
import type { SemanticContext } from './semantic-state.js';

/**
 * The user's embeddings endpoint as the ranker uses it: the API key from the keychain (resolved
 * once per settings), one embedding request, and what a failure or a success records.
 */

/** The apiKey names a secret the keychain does not hold. */
export class SecretMissing extends Error {}

function missing(ref: string, name: string | undefined): SecretMissing {
  return new SecretMissing(
    `the embeddings apiKey ${ref} is not in the keychain: \`mcp-gateway secrets set ${name ?? 'NAME'}\``,
  );
}

function resolveKey(ctx: SemanticContext, s: EmbeddingsSettings): Promise<string | undefined> {
  if (s.apiKey === undefined) {
    return Promise.resolve(undefined);
  }
  const name = SECRET_REFERENCE_PATTERN.exec(s.apiKey)?.[1];
  ctx.apiKey ??= (async () => {
    const value = name !== undefined ? await ctx.options.resolveSecret(name) : undefined;
    if (value === undefined) {
      throw missing(s.apiKey ?? '', name);
    }
    return value;
  })();
  ctx.apiKey.catch(() => {
    ctx.apiKey = undefined;
  });
  return ctx.apiKey;
}

/** A key for a one-off test of other settings: looked up each time, never kept. */
export async function resolveTestKey(ctx: SemanticContext, ref: string): Promise<string> {
  const name = SECRET_REFERENCE_PATTERN.exec(ref)?.[1];
  const value = name !== undefined ? await ctx.options.resolveSecret(name) : undefined;
  if (value === undefined) {
    throw missing(ref, name);
  }
  return value;
}

export function clientFor(ctx: SemanticContext, s: EmbeddingsSettings, key: string | undefined) {
  const { options } = ctx;
  return createEmbeddingsClient(
    { url: s.url, model: s.model, apiKey: key },
    { ...options.client, ...(options.fetch !== undefined ? { fetch: options.fetch } : {}) },
  );
}

export async function embed(
  ctx: SemanticContext,
  s: EmbeddingsSettings,
  texts: string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Float32Array[]> {
  const key = await resolveKey(ctx, s);
  return clientFor(ctx, s, key).embed(texts, { timeoutMs, signal });
}

export function fail(ctx: SemanticContext, err: unknown): void {
  const code = err instanceof EmbeddingsError ? err.code : 'EMBEDDINGS_SECRET';
  const message = errorText(err);
  ctx.lastError = { code, message, at: ctx.now() };
  if (message !== ctx.loggedError) {
    // Logged once per distinct failure: a dead endpoint must not fill the log.
    ctx.loggedError = message;
    ctx.logger.warn('semantic search is not available; searches rank by words only', { error: message });
  }
}

export function succeed(ctx: SemanticContext): void {
  ctx.failures = 0;
  ctx.retryAt = 0;
  ctx.queryBlockedUntil = 0;
  ctx.lastError = undefined;
  ctx.loggedError = '';
}
