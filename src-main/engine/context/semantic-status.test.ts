import { describe, expect, it } from 'vitest';

import { catalogTool, embeddingsSettings } from '../../../test/lib/context.js';
import { silentLogger as logger } from '../telemetry/index.js';
import { put } from './semantic-cache.js';
import { createSemanticContext } from './semantic-state.js';
import { describeStatus } from './semantic-status.js';
import { known } from './semantic-text.js';

const tool = (name: string) => catalogTool('s', { name, inputSchema: { type: 'object' } });
const s = embeddingsSettings('http://127.0.0.1:1/v1', { enabled: false, model: 'm' });

describe('semantic status', () => {
  it('says off and why, with the configured endpoint', () => {
    const none = createSemanticContext({
      settings: () => undefined,
      resolveSecret: async () => undefined,
      logger,
    });
    expect(describeStatus(none, undefined)).toEqual({
      state: 'off',
      tools: 0,
      vectors: 0,
      cached: 0,
      reason: 'semantic search is not configured',
    });
    const off = createSemanticContext({ settings: () => s, resolveSecret: async () => undefined, logger });
    expect(describeStatus(off, undefined)).toMatchObject({
      state: 'off',
      url: s.url,
      model: 'm',
      reason: 'semantic search is turned off',
    });
  });

  it('counts vectors: indexing, then ready with dimensions; an error while vectors are missing', () => {
    let clock = 0;
    const ctx = createSemanticContext({
      settings: () => s,
      resolveSecret: async () => undefined,
      logger,
      now: () => clock,
    });
    ctx.latest = [tool('a'), tool('b')];
    expect(describeStatus(ctx, s)).toMatchObject({
      state: 'indexing',
      vectors: 0,
      reason: 'computing tool vectors: 0 of 2 done',
    });
    ctx.lastError = { code: 'EMBEDDINGS_TIMEOUT', message: 'too slow', at: 0 };
    expect(describeStatus(ctx, s)).toMatchObject({ state: 'error', reason: 'too slow' });
    for (const t of ctx.latest) {
      put(ctx, known(ctx, s, t).key, new Float32Array(4));
    }
    ctx.queryBlockedUntil = 10;
    expect(describeStatus(ctx, s).state).toBe('error');
    clock = 10;
    expect(describeStatus(ctx, s)).toMatchObject({ state: 'ready', vectors: 2, cached: 2, dimensions: 4 });
  });
});
