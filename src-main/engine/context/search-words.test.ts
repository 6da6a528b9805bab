import { describe, expect, it } from 'vitest';

import { contentWords, oneLine, requiredParams, splitWords, stem, STOP_WORDS } from './search-words.js';

describe('search words', () => {
  it('splits identifiers at snake, kebab, camel, acronym and digit boundaries', () => {
    expect(splitWords('get_HTTPResponse-v2 listItems')).toEqual([
      'get',
      'http',
      'response',
      'v2',
      'list',
      'items',
    ]);
  });

  it('stems words longer than two letters and leaves short ones', () => {
    expect(stem('messages')).toBe('messag');
    expect(stem('messaging')).toBe('messag');
    expect(stem('is')).toBe('is');
  });

  it('keys a request by its content words: stop words and numbers out, stems once each', () => {
    expect(STOP_WORDS.has('please')).toBe(true);
    expect(contentWords('please send the messages, 42 messages to Bob')).toEqual(['send', 'messag', 'bob']);
  });

  it('summarises with the first sentence of the first non-empty line, cut at the limit', () => {
    expect(oneLine('\n\n  Reads a file. Then more.\nSecond line')).toBe('Reads a file.');
    expect(oneLine('abcdefghij klm', 8)).toBe('abcdefg…');
    expect(oneLine(undefined)).toBe('');
  });

  it('lists required parameters with array, union, enum and unknown types', () => {
    const params = requiredParams({
      name: 't',
      inputSchema: {
        type: 'object',
        properties: {
          paths: { type: 'array', items: { type: 'string' } },
          id: { anyOf: [{ type: 'string' }, { type: 'number' }] },
          mode: { enum: ['a', 'b'] },
        },
        // A server may send anything: a non-string entry is skipped.
        required: ['paths', 'id', 'mode', 'missing', 7] as unknown as string[],
      },
    });
    expect(params).toEqual([
      { name: 'paths', type: 'string[]' },
      { name: 'id', type: 'string|number' },
      { name: 'mode', type: 'enum' },
      { name: 'missing', type: 'any' },
    ]);
  });
});
