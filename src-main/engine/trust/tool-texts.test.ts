import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { paramNames, toolTexts } from './tool-texts.js';

const TOOL = {
  name: 'search',
  title: 'Search',
  description: 'Finds things.',
  annotations: { title: 'Finder' },
  inputSchema: {
    type: 'object',
    properties: {
      q: { type: 'string', description: 'What to find.' },
      opts: { type: 'array', items: { type: 'object', properties: { deep: { title: 'Deep' } } } },
    },
  },
  outputSchema: { type: 'object', description: 'Hits.' },
} as unknown as Tool;

describe('the texts of a tool', () => {
  it('takes the name, titles and every description in both schemas, with their paths', () => {
    expect(toolTexts(TOOL)).toEqual([
      { field: 'name', text: 'search' },
      { field: 'title', text: 'Search' },
      { field: 'description', text: 'Finds things.' },
      { field: 'annotations.title', text: 'Finder' },
      { field: 'inputSchema.properties.q.description', text: 'What to find.' },
      { field: 'inputSchema.properties.opts.items.properties.deep.title', text: 'Deep' },
      { field: 'outputSchema.description', text: 'Hits.' },
    ]);
  });

  it('takes the parameter names at any depth, and stops at a bounded depth', () => {
    expect(paramNames(TOOL).map((t) => t.text)).toEqual(['q', 'opts', 'deep']);
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100; i += 1) {
      schema = { type: 'object', properties: { [`p${i}`]: schema } };
    }
    const deep = { name: 'd', inputSchema: schema } as unknown as Tool;
    expect(paramNames(deep).length).toBe(25);
  });
});
