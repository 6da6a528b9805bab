import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { Logger } from '../types.js';
import { flushCache, loadCache, put, scheduleSave, store } from './semantic-cache.js';
import { createSemanticContext } from './semantic-state.js';

const warnings: string[] = [];
const logger: Logger = {
  debug() {},
  info() {},
  warn: (msg) => void warnings.push(msg),
  error() {},
  child: () => logger,
};
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
  warnings.length = 0;
});
function file(): string {
  const d = mkdtempSync(join(tmpdir(), 'semantic-cache-'));
  dirs.push(d);
  return join(d, 'search-embeddings.json');
}
const ctxFor = (f: string | undefined, maxVectors = 3) =>
  createSemanticContext({
    settings: () => undefined,
    resolveSecret: async () => undefined,
    logger,
    maxVectors,
    saveDelayMs: 5,
    ...(f !== undefined ? { file: f } : {}),
  });

describe('semantic vector cache', () => {
  it('keeps the most recently used vectors up to the limit', () => {
    const ctx = ctxFor(undefined, 2);
    put(ctx, 'a', new Float32Array([1]));
    put(ctx, 'b', new Float32Array([2]));
    put(ctx, 'a', new Float32Array([3]));
    put(ctx, 'c', new Float32Array([4]));
    expect([...store(ctx).keys()]).toEqual(['a', 'c']);
  });

  it('writes the vectors (mode 600) and reads them back exactly', async () => {
    const f = file();
    const ctx = ctxFor(f);
    put(ctx, 'k', new Float32Array([0.25, -1.5]));
    scheduleSave(ctx);
    await flushCache(ctx);
    expect((await import('node:fs')).statSync(f).mode & 0o777).toBe(0o600);
    const back = store(ctxFor(f));
    expect([...(back.get('k') ?? [])]).toEqual([0.25, -1.5]);
  });

  it('ignores a file of another version, broken entries and non-finite vectors; warns when unreadable', () => {
    const f = file();
    const nan = Buffer.from(new Float32Array([Number.NaN]).buffer).toString('base64');
    const ok = Buffer.from(new Float32Array([1, 2]).buffer).toString('base64');
    writeFileSync(
      f,
      JSON.stringify({
        version: 1,
        entries: [
          ['nan', nan],
          ['odd', 'AAA'],
          [7, ok],
          ['ok', ok],
        ],
      }),
    );
    expect([...loadCache(f, 10, logger).keys()]).toEqual(['ok']);
    writeFileSync(f, JSON.stringify({ version: 2, entries: [['ok', ok]] }));
    expect(loadCache(f, 10, logger).size).toBe(0);
    writeFileSync(f, '{broken');
    expect(loadCache(f, 10, logger).size).toBe(0);
    expect(warnings).toEqual(['could not read the embeddings cache; vectors will be computed again']);
    expect(loadCache(`${f}.absent`, 10, logger).size).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(readFileSync(f, 'utf8')).toBe('{broken');
  });
});
