import { chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { encodeStartAnswer, MAX_FILE_BYTES, openStartAnswers, START_ANSWERS_DIR } from './start-answers.js';

/*
 * The kept answers are read before the engine loads and sent to clients as they are: only a file
 * this gateway wrote may be read, and never more than it would have written.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'start-answers-files-'));
  dirs.push(d);
  return d;
}

const INIT = '{"protocolVersion":"2025-06-18"}';

/** A kept answer's file as start-answers.ts writes it. */
function fileText(tools: string): string {
  return encodeStartAnswer({ fingerprint: 'f1', initialize: INIT, tools });
}

function answersDir(dataDir: string): string {
  const dir = path.join(dataDir, START_ANSWERS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

describe('start-up answers store, reading what is on disk', () => {
  it('does not read a file larger than it would ever write', () => {
    const dataDir = tempDir();
    const tools = `{"tools":[{"name":"a","description":"${'x'.repeat(MAX_FILE_BYTES)}"}]}`;
    writeFileSync(path.join(answersDir(dataDir), 'k1.txt'), fileText(tools));
    // Read whole and synchronously while the engine loads: a huge file stalls the start.
    expect(openStartAnswers(dataDir).find('k1', 'f1') === undefined).toBe(true);
  });

  it('does not follow a symbolic link in its folder', () => {
    const dataDir = tempDir();
    const elsewhere = path.join(tempDir(), 'planted.txt');
    writeFileSync(elsewhere, fileText('{"tools":[{"name":"planted","inputSchema":{"type":"object"}}]}'));
    symlinkSync(elsewhere, path.join(answersDir(dataDir), 'k1.txt'));
    expect(openStartAnswers(dataDir).find('k1', 'f1')).toBeUndefined();
  });

  it.runIf(process.getuid?.() === 0)(
    'does not read a file another user owns (needs root to give a file away)',
    () => {
      const dataDir = tempDir();
      const file = path.join(answersDir(dataDir), 'k1.txt');
      writeFileSync(file, fileText('{"tools":[]}'));
      chownSync(file, 65534, 65534);
      expect(openStartAnswers(dataDir).find('k1', 'f1')).toBeUndefined();
    },
  );

  it('reads a file it wrote, and not one cut short (a damaged file)', () => {
    const dataDir = tempDir();
    const file = path.join(answersDir(dataDir), 'k1.txt');
    const whole = fileText('{"tools":[{"name":"a","inputSchema":{"type":"object"}}]}');
    writeFileSync(file, whole);
    expect(openStartAnswers(dataDir).find('k1', 'f1')?.initialize).toBe(INIT);
    // Cut inside the list, at a line end: every line is there, the list is not whole.
    writeFileSync(file, `${whole.slice(0, whole.indexOf('"inputSchema"'))}\n`);
    expect(openStartAnswers(dataDir).find('k1', 'f1')).toBeUndefined();
  });
});
