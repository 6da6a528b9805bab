import type { Tool } from '@modelcontextprotocol/client';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';

import { countTextTokens, countToolTokens, tokenCacheSize, toolContextJson } from './tokens.js';

const echo: Tool = {
  name: 'echo',
  title: 'Echo',
  description: 'Echoes back the input',
  inputSchema: {
    type: 'object',
    properties: { message: { type: 'string', description: 'Message to echo' } },
    required: ['message'],
  },
  annotations: { readOnlyHint: true },
  _meta: { 'x/y': 1 },
};

describe('token counting', () => {
  it('counts the JSON a client sends to the model with o200k_base', () => {
    const json = toolContextJson(echo);
    expect(JSON.parse(json)).toEqual({
      name: 'echo',
      description: 'Echoes back the input',
      inputSchema: echo.inputSchema,
    });
    expect(countToolTokens(echo)).toBe(encode(json).length);
    // A known figure keeps the encoding from changing silently.
    expect(countTextTokens('hello world')).toBe(2);
  });

  it('includes the output schema', () => {
    const withOut: Tool = {
      ...echo,
      outputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    };
    expect(countToolTokens(withOut)).toBeGreaterThan(countToolTokens(echo));
  });

  it('caches by definition: the same definition is tokenised once', () => {
    const t: Tool = { name: `cache_probe_${Math.random()}`, inputSchema: { type: 'object' } };
    const before = tokenCacheSize();
    const n = countToolTokens(t);
    expect(tokenCacheSize()).toBe(before + 1);
    expect(countToolTokens({ ...t })).toBe(n);
    expect(tokenCacheSize()).toBe(before + 1);
  });
});
