import { describe, expect, it } from 'vitest';

import { EmbeddingsError, httpFailure } from './embeddings.js';

describe('embeddings error answers', () => {
  it('quotes the endpoint’s message and says what to check', () => {
    const e = httpFailure(401, JSON.stringify({ error: { message: 'invalid key' } }));
    expect(e).toBeInstanceOf(EmbeddingsError);
    expect(e.code).toBe('EMBEDDINGS_HTTP');
    expect(e.message).toBe('the embeddings endpoint answered HTTP 401: invalid key (check apiKey)');
    expect(httpFailure(404, JSON.stringify({ error: 'no such model' })).message).toBe(
      'the embeddings endpoint answered HTTP 404: no such model (check the url and the model name)',
    );
    expect(httpFailure(500, '<html>').message).toBe('the embeddings endpoint answered HTTP 500');
  });
});
