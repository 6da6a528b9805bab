import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { compareKey, DataFile, IndexFile, parseSynset } from './wordnet-files.js';

const dir = mkdtempSync(join(tmpdir(), 'wordnet-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WordNet files', () => {
  it('binary-searches a sorted index file past its license lines', () => {
    const path = join(dir, 'index.test');
    const lines = ['  1 license text', 'a x', 'ab x', 'abc x', 'b x', 'run x', 'run_up x', 'running x'];
    writeFileSync(path, `${lines.join('\n')}\n`);
    const f = new IndexFile(path);
    expect(f.find('ab')).toBe('ab x');
    expect(f.find('run')).toBe('run x');
    expect(f.find('run_up')).toBe('run_up x');
    expect(f.find('runn')).toBeUndefined();
    expect(f.find('zzz')).toBeUndefined();
    f.close();
  });

  it('orders a shorter field first', () => {
    const buf = Buffer.from('run x', 'latin1');
    expect(compareKey(buf, 0, buf.length, Buffer.from('run ', 'latin1'))).toBe(0);
    expect(compareKey(buf, 0, buf.length, Buffer.from('runs ', 'latin1'))).toBeLessThan(0);
    expect(compareKey(buf, 0, buf.length, Buffer.from('ru ', 'latin1'))).toBeGreaterThan(0);
  });

  it('reads a line at an offset, however long, and the last line without a newline', () => {
    const path = join(dir, 'data.test');
    const long = 'x'.repeat(2_000);
    writeFileSync(path, `first\n${long}\nlast`);
    const f = new DataFile(path);
    expect(f.lineAt(0)).toBe('first');
    expect(f.lineAt(6)).toBe(long);
    expect(f.lineAt(6 + long.length + 1)).toBe('last');
    expect(f.lineAt(100_000)).toBeUndefined();
    f.close();
  });

  it('parses a synset line: words without markers, pointers with their parts of speech', () => {
    const line = '00001 29 v 02 Echo(a) 0 repeat 1 002 @ 00100 v 0000 + 00200 n 0102 | a gloss';
    expect(parseSynset(line)).toEqual({
      words: ['echo', 'repeat'],
      pointers: [
        { symbol: '@', offset: 100, pos: 'verb', source: 0, target: 0 },
        { symbol: '+', offset: 200, pos: 'noun', source: 1, target: 2 },
      ],
    });
  });
});
