import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { docOf } from './search-doc.js';
import { derivedCategories, namespaceWords } from './search-servers.js';
import { stem } from './search-words.js';

const doc = (server: string, name: string, description = '') => {
  const definition: Tool = { name, description, inputSchema: { type: 'object', properties: {} } };
  return docOf(
    { id: `${server}__${name}`, server, name, definition, tokens: 0, visible: true, hiddenReason: undefined },
    server,
  );
};

describe('what a listing says about its server', () => {
  it('finds name words most of a server’s tools share, from four tools on', () => {
    const four = ['click', 'type', 'navigate', 'hover'].map((v) => doc('pw', `browser_${v}`));
    expect([...(namespaceWords(four).get('pw') ?? [])]).toEqual(['browser']);
    expect(namespaceWords(four.slice(0, 3)).has('pw')).toBe(false);
    const mixed = [...four.slice(0, 3), doc('pw', 'evaluate'), doc('pw', 'screenshot')];
    expect(namespaceWords(mixed).has('pw')).toBe(false);
  });

  it('derives category words when half the tools use two different signs', () => {
    const docs = [
      doc('talk', 'post', 'Post a message to a channel'),
      doc('talk', 'history', 'Read the thread'),
      doc('talk', 'whoami', 'Who you are'),
    ];
    expect(derivedCategories(docs, () => false).get('talk')).toContain(stem('chat'));
    expect(derivedCategories(docs, (s) => s === 'talk').has('talk')).toBe(false);
    expect(derivedCategories(docs.slice(1), () => false).has('talk')).toBe(false);
  });
});
