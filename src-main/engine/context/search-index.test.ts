import { describe, expect, it } from 'vitest';

import { ct } from '../../../test/lib/context.js';
import type { CatalogTool } from '../types.js';
import { createSearchIndex, idf, oneEditAway, rebuildIndex, syncIndex, withPrefix } from './search-index.js';
import { FIELD_WEIGHT } from './search-weights.js';

const tools = [
  ct('fs', 'read_file', 'Read a file'),
  ct('fs', 'write_file', 'Write a file'),
  ct('mail', 'send_email', 'Send an email message'),
];

describe('search index', () => {
  it('re-analyses only changed tools and drops removed ones', () => {
    const index = createSearchIndex();
    syncIndex(index, tools, []);
    rebuildIndex(index);
    const before = index.docs.get('fs__read_file')?.doc;
    syncIndex(index, tools, []);
    expect(index.dirty).toBe(false);
    expect(index.docs.get('fs__read_file')?.doc).toBe(before);
    syncIndex(
      index,
      [{ ...tools[0], definition: { ...tools[0]!.definition } } as CatalogTool, tools[2]!],
      [],
    );
    expect(index.dirty).toBe(true);
    expect(index.docs.get('fs__read_file')?.doc).not.toBe(before);
    expect([...index.docs.keys()]).toEqual(['fs__read_file', 'mail__send_email']);
  });

  it('re-analyses a server’s tools when its words change', () => {
    const index = createSearchIndex();
    syncIndex(index, tools, [{ name: 'mail', title: 'Post office' }]);
    rebuildIndex(index);
    const before = index.docs.get('mail__send_email')?.doc;
    const other = index.docs.get('fs__read_file')?.doc;
    syncIndex(index, tools, [{ name: 'mail', title: 'Letters' }]);
    expect(index.docs.get('mail__send_email')?.doc).not.toBe(before);
    expect(index.docs.get('fs__read_file')?.doc).toBe(other);
  });

  it('builds postings over documents in id order, BM25F-weighted', () => {
    const index = createSearchIndex();
    syncIndex(index, [...tools].reverse(), []);
    rebuildIndex(index);
    expect(index.ordered.map((d) => d.id)).toEqual(['fs__read_file', 'fs__write_file', 'mail__send_email']);
    expect(index.postings.get('file')?.map((p) => p.doc)).toEqual([0, 1]);
    const email = index.postings.get('email')?.[0];
    expect(email?.doc).toBe(2);
    // In the name and the description; a name word weighs FIELD_WEIGHT.name before normalising.
    expect(email?.tf).toBeGreaterThan(FIELD_WEIGHT.name);
    expect(index.vocabulary).toEqual([...index.vocabulary].sort());
    expect(index.surface.get('email')).toBe('email');
  });

  it('weighs rare words more, and finds prefixes and one-edit typos in the vocabulary', () => {
    const index = createSearchIndex();
    syncIndex(index, tools, []);
    rebuildIndex(index);
    expect(idf(index, 'email')).toBeGreaterThan(idf(index, 'file'));
    expect(idf(index, 'nowhere')).toBeGreaterThan(idf(index, 'email'));
    expect(withPrefix(index, 'em')).toEqual(['email']);
    expect(withPrefix(index, 'zz')).toEqual([]);
    expect(oneEditAway(index, 'emial')).toEqual(['email']);
    // Itself excluded; the server's name is one deletion away.
    expect(oneEditAway(index, 'email')).toEqual(['mail']);
  });
});
