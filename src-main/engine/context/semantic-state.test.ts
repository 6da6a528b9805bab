import { describe, expect, it } from 'vitest';

import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import { embeddingsSettings } from '../../../test/lib/context.js';
import { silentLogger as logger } from '../telemetry/index.js';
import { activeSettings, createSemanticContext, refresh } from './semantic-state.js';

const settings = embeddingsSettings('http://127.0.0.1:1/v1', { model: 'm' });

describe('semantic state', () => {
  it('fills the defaults and uses settings only when enabled and open', () => {
    let current: EmbeddingsSettings | undefined = settings;
    const ctx = createSemanticContext({
      settings: () => current,
      resolveSecret: async () => undefined,
      logger,
    });
    expect([ctx.maxVectors, ctx.maxQueries, ctx.baseRetry, ctx.saveDelayMs]).toEqual([
      5_000, 256, 30_000, 1_000,
    ]);
    expect(activeSettings(ctx)).toBe(settings);
    current = { ...settings, enabled: false };
    expect(activeSettings(ctx)).toBeUndefined();
    current = settings;
    ctx.closed = true;
    expect(activeSettings(ctx)).toBeUndefined();
  });

  it('starts over when the endpoint, model or key changes, and only then', () => {
    const ctx = createSemanticContext({
      settings: () => settings,
      resolveSecret: async () => undefined,
      logger,
    });
    refresh(ctx, settings);
    const abort = new AbortController();
    Object.assign(ctx, { failures: 3, retryAt: 99, queryBlockedUntil: 99, loggedError: 'x', abort });
    ctx.queries.set('q', new Float32Array(1));
    refresh(ctx, { ...settings });
    expect(ctx.failures).toBe(3);
    refresh(ctx, { ...settings, model: 'other' });
    expect([ctx.failures, ctx.retryAt, ctx.queryBlockedUntil, ctx.loggedError, ctx.queries.size]).toEqual([
      0,
      0,
      0,
      '',
      0,
    ]);
    expect(abort.signal.aborted).toBe(true);
    expect(ctx.abort).toBeUndefined();
  });
});
