import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ct, metaDeps } from '../../../test/lib/context.js';
import { createMetaToolset } from './meta.js';
import { createToolSearch, VECTORS } from './search.js';
import { createWordVectors, defaultWordVectorsFile, loadWordVectors } from './word-vectors.js';

const run = promisify(execFile);
const script = path.join(import.meta.dirname, '..', '..', '..', 'scripts', 'build-word-vectors.mjs');

/** Embeddings in the package's format: per word its dimensions, then its length and its index. */
function embeddings(rows: [string, number[]][]): string {
  const vectors: Record<string, number[]> = {};
  rows.forEach(([w, v], i) => {
    vectors[w] = [...v, Math.hypot(...v), i];
  });
  return JSON.stringify({
    precision: 8,
    dimensions: 4,
    size: rows.length,
    words: rows.map(([w]) => w),
    vectors,
  });
}

let dir: string;
let file: string;
let output: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'word-vectors-'));
  const dict = path.join(dir, 'dict');
  mkdirSync(dict);
  // WordNet's index files: license lines start with a space, then one lemma a line.
  const license = '  1 This software and database is being provided to you, the LICENSEE\n';
  writeFileSync(
    path.join(dict, 'index.noun'),
    `${license}lounge n 1 0 1 0 00000001\ncoworker n 1 0 1 0 00000002\nfile n 1 0 1 0 00000003\n` +
      `note n 1 0 1 0 00000004\nmessage n 1 0 1 0 00000005\nzebra n 1 0 1 0 00000006\n`,
  );
  for (const pos of ['verb', 'adj', 'adv']) {
    writeFileSync(path.join(dict, `index.${pos}`), license);
  }
  writeFileSync(
    path.join(dir, 'embeddings.json'),
    embeddings([
      ['the', [0.1, 0.1, 0.1, 0.1]],
      [',', [1, 1, 1, 1]],
      ['filler', [0.2, -0.1, 0.3, 0.1]],
      ['obama', [0, 0, 0, 5]],
      ['lounge', [1, 0, 0, 0]],
      ['coworkers', [0.95, 0.1, 0, 0]],
      ['x1y', [0, 1, 0, 0]],
      ['file', [0, 1, 0, 0]],
      ['notes', [0, 0, 1, 0]],
      ['message', [0.9, 0, 0.1, 0]],
      ['zebra', [0, 0, 0, 1]],
    ]),
  );
  file = path.join(dir, 'out', 'vectors.bin');
  const res = await run(process.execPath, [
    script,
    `--input=${path.join(dir, 'embeddings.json')}`,
    `--wordnet=${dict}`,
    `--out=${file}`,
    '--top=2',
    '--total=6',
  ]);
  output = res.stdout;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('word vectors', () => {
  it('the pruning script keeps the most frequent words of letters, then words WordNet knows', () => {
    expect(output).toMatch(/6 words/);
    const l = loadWordVectors(file);
    // "the", "filler": the first two of letters only; "obama" is no WordNet word, "x1y" no word
    // of letters; "coworkers" and "notes" inflect WordNet lemmas; the sixth word ends the list.
    expect([...l.rows.keys()]).toEqual(['the', 'filler', 'lounge', 'coworkers', 'file', 'notes']);
    expect(l.dims).toBe(4);
    expect(statSync(file).size).toBe(l.bytes);
  });

  it('quantised vectors keep the cosines of the originals', () => {
    const v = createWordVectors({ file });
    const cos = (a: number[], b: number[]): number =>
      a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0) / (Math.hypot(...a) * Math.hypot(...b));
    expect(v.similarity('lounge', 'coworkers')).toBeCloseTo(cos([1, 0, 0, 0], [0.95, 0.1, 0, 0]), 2);
    expect(v.similarity('lounge', 'file')).toBeCloseTo(0, 2);
    expect(v.similarity('lounge', 'zebra')).toBeUndefined();
    expect(v.rank('lounge')).toBe(2);
    const mean = v.mean([
      { word: 'lounge', weight: 1 },
      { word: 'file', weight: 1 },
      { word: 'unknown', weight: 5 },
    ]);
    expect([...(mean ?? [])].map((x) => Number(x.toFixed(2)))).toEqual([0.71, 0.71, 0, 0]);
    expect(v.mean([{ word: 'unknown', weight: 1 }])).toBeUndefined();
  });

  it('a missing or damaged file gives an error that says what to do', () => {
    expect(() => loadWordVectors(path.join(dir, 'nope.bin'))).toThrow(
      /word vectors file .*nope\.bin cannot be read \(ENOENT\); reinstall the gateway, or turn the signal off with gateway\.search\.wordVectors: false/,
    );
    const junk = path.join(dir, 'junk.bin');
    writeFileSync(junk, 'not vectors at all');
    expect(() => loadWordVectors(junk)).toThrow(/is damaged \(not a word-vectors file\)/);
    const cut = path.join(dir, 'cut.bin');
    writeFileSync(cut, readFileSync(file).subarray(0, statSync(file).size - 3));
    expect(() => loadWordVectors(cut)).toThrow(/is damaged \(its sizes do not add up/);
  });

  it('the shipped file loads: 45,000 words of 100 dimensions, under 5 MB', () => {
    const shipped = defaultWordVectorsFile();
    const l = loadWordVectors(shipped);
    expect(l.rows.size).toBe(45_000);
    expect(l.dims).toBe(100);
    expect(statSync(shipped).size).toBeLessThan(5 * 1024 * 1024);
    const v = createWordVectors({ file: shipped });
    // General relatedness nobody listed: nearer than an unrelated pair.
    expect(v.similarity('chat', 'message') ?? 0).toBeGreaterThan(v.similarity('chat', 'elevation') ?? 1);
  });

  describe('fusion', () => {
    // The same word in every description, names and lengths alike: lexically a tie, broken by id.
    // (No word of a kind of software either: "chat" would give the server chat's words.)
    const tools = [
      ct('gamma', 'post_update', 'Post into the workspace lounge'),
      ct('beta', 'write_note', 'Write into the workspace notes'),
      ct('alpha', 'store_file', 'Store into the workspace file'),
    ];
    const rank = (options: Parameters<typeof createToolSearch>[0], query: string, wordVectors = true) => {
      const s = createToolSearch({ wordnet: false, lexicon: false, ...options });
      s.sync(tools, []);
      return s.search(query, { wordVectors }).map((h) => h.id);
    };

    it('lifts the tool nearest in meaning to words no tool uses (fails without the signal)', () => {
      const vectors = createWordVectors({ file });
      expect(rank({ wordVectors: vectors }, 'workspace coworkers')[0]).toBe('gamma__post_update');
      // Off (the settings switch or the option), the tie stays a tie: first by id.
      expect(rank({ wordVectors: vectors }, 'workspace coworkers', false)[0]).toBe('alpha__store_file');
      expect(rank({ wordVectors: false }, 'workspace coworkers')[0]).toBe('alpha__store_file');
      expect(VECTORS.weight).toBeGreaterThan(0);
    });

    it('meta mode reads the settings switch on every search', () => {
      let on = true;
      const meta = createMetaToolset(
        metaDeps(tools, { wordVectors: { enabled: () => on, vectors: createWordVectors({ file }) } }),
      );
      expect(meta.search('workspace coworkers')[0]?.id).toBe('gamma__post_update');
      on = false;
      expect(meta.search('workspace coworkers')[0]?.id).toBe('alpha__store_file');
    });

    it('a damaged file leaves the search lexical, with one error', () => {
      const errors: string[] = [];
      const junk = path.join(dir, 'junk2.bin');
      writeFileSync(junk, 'MGWV');
      const vectors = createWordVectors({ file: junk, onError: (e) => errors.push(e.message) });
      expect(rank({ wordVectors: vectors }, 'workspace coworkers')).toEqual(
        rank({ wordVectors: false }, 'workspace coworkers'),
      );
      rank({ wordVectors: vectors }, 'workspace lounge');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/junk2\.bin is damaged/);
      expect(vectors.available()).toBe(false);
    });
  });
});
