import { describe, expect, it } from 'vitest';

import { REDACTED } from '../../../src-shared/api/schemas.js';
import { redactUrl } from '../../../src-shared/redact.js';
import { applyPatch, keepRedacted, keepRedactedText, unredactPatch } from './config-patch.js';

describe('config patches', () => {
  it('deletes on null, merges the deep keys (and search.embeddings inside search), replaces the rest', () => {
    const target: Record<string, unknown> = {
      a: 1,
      b: 2,
      limits: { x: 1, y: 2 },
      search: { embeddings: { url: 'u', enabled: true }, k: 1 },
      list: [1],
    };
    applyPatch(
      target,
      { a: null, limits: { y: 3 }, search: { embeddings: { enabled: false } }, list: [2], c: { z: 1 } },
      new Set(['limits', 'search']),
    );
    expect(target).toEqual({
      b: 2,
      limits: { x: 1, y: 3 },
      search: { embeddings: { url: 'u', enabled: false }, k: 1 },
      list: [2],
      c: { z: 1 },
    });
  });

  it('keeps a stored URL and args sent back as shown, and takes new ones', () => {
    const stored = { url: 'https://h.test/mcp?token=s3cret', args: ['--token', 's3cret', 'x'] };
    expect(redactUrl(stored.url)).not.toBe(stored.url);
    expect(keepRedactedText('url', redactUrl(stored.url), stored)).toBe(stored.url);
    expect(keepRedactedText('url', 'https://other.test/', stored)).toBe('https://other.test/');
    expect(keepRedactedText('args', ['--token', REDACTED, 'y'], stored)).toEqual(['--token', 's3cret', 'y']);
    // A redacted value is matched to a shown one by its text; one that was never shown stays as sent.
    expect(keepRedactedText('args', ['--new', REDACTED], stored)).toEqual(['--new', 's3cret']);
    expect(keepRedactedText('args', [`k=${REDACTED}`], stored)).toEqual([`k=${REDACTED}`]);
  });

  it('keeps redacted env and header values, and only those', () => {
    expect(keepRedacted({ A: REDACTED, B: 'new', C: REDACTED }, { A: 'a', B: 'b' })).toEqual({
      A: 'a',
      B: 'new',
      C: REDACTED,
    });
    expect(keepRedacted(null, { A: 'a' })).toBeNull();
    const patch = unredactPatch(
      { env: { A: REDACTED }, description: 'd' },
      { command: 'x', env: { A: 'a' } },
    );
    expect(patch).toEqual({ env: { A: 'a' }, description: 'd' });
  });
});
