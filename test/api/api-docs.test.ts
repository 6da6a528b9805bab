import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { API_ROUTES } from '../../src-shared/api/index.js';
import { renderRouteTable } from '../../src-shared/api/markdown.js';
import { ROOT } from '../lib/paths.js';

/**
 * docs/API.md embeds a route table generated from the contract. `UPDATE_API_DOCS=1 npx vitest run
 * test/api/api-docs.test.ts` rewrites it; otherwise this fails when the docs drift from the code.
 */
const START = '<!-- routes:start (generated from src-shared/api by test/api/api-docs.test.ts) -->';
const END = '<!-- routes:end -->';

describe('the API contract', () => {
  it('has unique operation ids and unique method + path pairs', () => {
    const ids = API_ROUTES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path.replace(/:[A-Za-z0-9_]+/g, ':')}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('docs/API.md', () => {
  it('lists every route of the contract', async () => {
    const file = path.join(ROOT, 'docs/API.md');
    const text = await readFile(file, 'utf8');
    const a = text.indexOf(START);
    const b = text.indexOf(END);
    expect(a, 'docs/API.md needs the routes markers').toBeGreaterThan(-1);
    const fresh = `${START}\n\n${renderRouteTable(API_ROUTES)}\n${END}`;
    const current = text.slice(a, b + END.length);
    if (process.env.UPDATE_API_DOCS === '1' && current !== fresh) {
      await writeFile(file, text.slice(0, a) + fresh + text.slice(b + END.length));
      return;
    }
    expect(current).toBe(fresh);
  });
});
