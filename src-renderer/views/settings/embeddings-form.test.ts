import { describe, expect, it } from 'vitest';

import type { EmbeddingsStatus } from '../../../src-shared/api/context.js';
import {
  embeddingsStatusText,
  endpointForm,
  endpointSettings,
  secretName,
  testResultText,
} from './embeddings-form.js';

const status = (s: Partial<EmbeddingsStatus>): EmbeddingsStatus => ({
  state: 'ready',
  tools: 3,
  vectors: 3,
  cached: 3,
  ...s,
});

describe('embeddings form', () => {
  it("shows the secret's name of a ${secret:NAME} key, and nothing for any other value", () => {
    expect(secretName('${secret:EMB_KEY}')).toBe('EMB_KEY');
    expect(secretName('sk-plain')).toBe('');
    expect(secretName(undefined)).toBe('');
  });

  it('sends the typed endpoint trimmed, with the key as a reference to the named secret', () => {
    expect(endpointForm(' http://127.0.0.1:11434/v1 ', ' nomic ', ' EMB ')).toEqual({
      url: 'http://127.0.0.1:11434/v1',
      model: 'nomic',
      apiKey: '${secret:EMB}',
    });
    expect(endpointForm('u', 'm', '  ')).toStrictEqual({ url: 'u', model: 'm' });
    expect(endpointSettings('u', 'm', 'EMB')).toEqual({
      enabled: true,
      url: 'u',
      model: 'm',
      apiKey: '${secret:EMB}',
    });
    expect(endpointSettings('u', 'm', '')).toEqual({ enabled: true, url: 'u', model: 'm', apiKey: null });
  });

  it('words the connection test', () => {
    const ok = { ok: true, url: 'u', model: 'nomic', dimensions: 768, latencyMs: 12 };
    expect(testResultText(ok)).toBe('Connected: nomic answers 768 dimensions in 12 ms');
    const failed = {
      ok: false,
      url: 'u',
      model: 'm',
      latencyMs: 3,
      error: { code: 'HTTP', message: 'HTTP 404' },
    };
    expect(testResultText(failed)).toBe('Connection failed: HTTP 404');
  });

  it('says what semantic search is doing, and nothing while it is off', () => {
    expect(embeddingsStatusText(undefined)).toBeUndefined();
    expect(embeddingsStatusText(status({ state: 'off' }))).toBeUndefined();
    expect(embeddingsStatusText(status({ dimensions: 768, lastQueryMs: 4 }))).toBe(
      'In use: 3 tool vectors (768 dimensions), last query 4 ms.',
    );
    expect(embeddingsStatusText(status({}))).toBe('In use: 3 tool vectors (? dimensions).');
    expect(embeddingsStatusText(status({ state: 'error', reason: 'the endpoint refused' }))).toBe(
      'Searches rank by words only: the endpoint refused.',
    );
    expect(embeddingsStatusText(status({ state: 'indexing' }))).toBe(
      'Searches rank by words only: indexing.',
    );
  });
});
