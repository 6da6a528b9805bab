import { describe, expect, it } from 'vitest';

import { embeddingsStatusText, secretRef } from './embeddings.js';

describe('embeddingsStatusText', () => {
  it('shows the endpoint, model, vectors, last query and the reason for words only, when known', () => {
    const out = {
      state: 'ready',
      url: 'http://127.0.0.1:11434/v1',
      model: 'nomic-embed-text',
      vectors: 40,
      tools: 42,
      dimensions: 768,
      lastQueryMs: 12,
      reason: 'two tools are still being embedded',
    };
    expect(embeddingsStatusText(out as never)).toBe(
      'state: ready\nendpoint: http://127.0.0.1:11434/v1\nmodel: nomic-embed-text\n' +
        'tool vectors: 40 of 42 (768 dimensions)\nlast query: 12 ms\nwhy words only: two tools are still being embedded\n',
    );
  });

  it('leaves out what is not known', () => {
    expect(embeddingsStatusText({ state: 'off', vectors: 0, tools: 5 } as never)).toBe(
      'state: off\ntool vectors: 0 of 5\n',
    );
  });
});

describe('secretRef', () => {
  it('refers to a keychain secret by name', () => {
    expect(secretRef('openai')).toBe('${secret:openai}');
  });
});
