import { describe, expect, it } from 'vitest';

import type { CatalogEntry } from '../../lib/catalog.js';
import { catalogNameError, freeName, missingEnv } from './catalog-pick.js';

const entry: CatalogEntry = {
  id: 'github',
  name: 'GitHub',
  description: 'Issues and pull requests',
  homepage: 'https://github.com',
  command: 'npx',
  env: [
    { name: 'GITHUB_TOKEN', description: 'token', required: true, secret: true },
    { name: 'GITHUB_HOST', description: 'host' },
  ],
};

describe('catalog pick', () => {
  it('names the server after the entry, numbered when the name is taken', () => {
    expect(freeName('github', [])).toBe('github');
    expect(freeName('github', ['github'])).toBe('github-2');
    expect(freeName('github', ['github', 'github-2'])).toBe('github-3');
  });

  it('says when the name cannot be used', () => {
    expect(catalogNameError('github', [])).toBeUndefined();
    expect(catalogNameError('', [])).toBe('Not a valid name.');
    expect(catalogNameError('git hub', [])).toBe('Not a valid name.');
    expect(catalogNameError('github', ['github'])).toBe('"github" already exists.');
  });

  it('lists the required variables still empty', () => {
    expect(missingEnv(undefined, {})).toEqual([]);
    expect(missingEnv(entry, {})).toEqual(['GITHUB_TOKEN']);
    expect(missingEnv(entry, { GITHUB_TOKEN: '  ' })).toEqual(['GITHUB_TOKEN']);
    expect(missingEnv(entry, { GITHUB_TOKEN: 't' })).toEqual([]);
  });
});
