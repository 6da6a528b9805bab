import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/**
 * WordNet's files as the search reads them: a sorted index file binary-searched in memory, a
 * data file read at a synset's byte offset, and the synset line parsed.
 */

export type Pos = 'noun' | 'verb' | 'adj';
const POS_OF_LETTER: Readonly<Record<string, Pos>> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj' };
/** Synset lines are mostly shorter than this (the gloss comes last and is cut off unread). */
const CHUNK = 768;

export interface Synset {
  words: string[];
  pointers: { symbol: string; offset: number; pos: Pos; source: number; target: number }[];
}

/**
 * A sorted index file, read whole on the first lookup (index.verb, .adj and .noun: 6 MB of
 * bytes, no per-line objects) and binary-searched in memory.
 */
export class IndexFile {
  private buf: Buffer | undefined;

  constructor(private readonly path: string) {}

  find(key: string): string | undefined {
    this.buf ??= readFileSync(this.path);
    const buf = this.buf;
    const needle = Buffer.from(`${key} `, 'latin1');
    let lo = 0;
    let hi = buf.length;
    for (let guard = 0; guard < 64 && lo < hi; guard++) {
      const mid = (lo + hi) >>> 1;
      // The line containing `mid`.
      const start = mid === 0 ? 0 : buf.lastIndexOf(10, mid - 1) + 1;
      let end = buf.indexOf(10, start);
      if (end < 0) {
        end = buf.length;
      }
      // License lines start with a space and sort before every lemma.
      const cmp = buf[start] === 32 ? -1 : compareKey(buf, start, end, needle);
      if (cmp === 0) {
        return buf.toString('latin1', start, end);
      }
      if (cmp < 0) {
        lo = end + 1;
      } else {
        hi = start;
      }
    }
    return undefined;
  }

  close(): void {
    this.buf = undefined;
  }
}

/** Compare the line's first field (up to and including its space) with `needle` ("key "). */
export function compareKey(buf: Buffer, start: number, end: number, needle: Buffer): number {
  for (let i = 0; i < needle.length; i++) {
    const at = start + i;
    if (at >= end) {
      return -1;
    }
    const a = buf[at] ?? 0;
    const b = needle[i] ?? 0;
    if (a !== b) {
      // A space ends the field: a shorter lemma sorts first.
      if (a === 32) {
        return -1;
      }
      if (b === 32) {
        return 1;
      }
      return a - b;
    }
  }
  return 0;
}

/** A data file: each synset is read on demand at its byte offset (one small read, usually). */
export class DataFile {
  private fd: number | undefined;

  constructor(private readonly path: string) {}

  lineAt(offset: number): string | undefined {
    this.fd ??= openSync(this.path, 'r');
    let line = '';
    let at = offset;
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let guard = 0; guard < 32; guard++) {
      const n = readSync(this.fd, buf, 0, CHUNK, at);
      if (n <= 0) {
        break;
      }
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0) {
        return line + buf.toString('latin1', 0, nl);
      }
      line += buf.toString('latin1', 0, n);
      at += n;
    }
    return line.length > 0 ? line : undefined;
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

export function parseSynset(line: string): Synset {
  const f = line.split(' ');
  const wCnt = parseInt(f[3] ?? '0', 16);
  const words: string[] = [];
  let i = 4;
  for (let k = 0; k < wCnt; k++) {
    words.push((f[i] ?? '').replace(/\(.*\)$/, '').toLowerCase());
    i += 2;
  }
  const pCnt = parseInt(f[i] ?? '0', 10);
  i++;
  const pointers: Synset['pointers'] = [];
  for (let k = 0; k < pCnt; k++) {
    const symbol = f[i] ?? '';
    const offset = parseInt(f[i + 1] ?? '0', 10);
    const pos = POS_OF_LETTER[f[i + 2] ?? ''];
    const st = f[i + 3] ?? '0000';
    if (pos !== undefined) {
      pointers.push({
        symbol,
        offset,
        pos,
        source: parseInt(st.slice(0, 2), 16),
        target: parseInt(st.slice(2, 4), 16),
      });
    }
    i += 4;
  }
  return { words, pointers };
}
