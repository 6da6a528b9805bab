import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createLogger } from '../../engine/telemetry/index.js';
import { openLogFile } from './log-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('desktop log file', () => {
  it('appends redacted lines and keeps one previous file when it grows too large', async () => {
    await writeFile(path.join(dir, 'main.log'), 'x'.repeat(200));
    const log = openLogFile(dir, 100);
    expect(await readFile(path.join(dir, 'main.log.1'), 'utf8')).toHaveLength(200);
    const logger = createLogger({ format: 'json', write: (l) => log.write(l) });
    logger.info('engine started', { url: 'http://127.0.0.1:7411', token: 'do-not-log-me' });
    log.close();
    const text = await readFile(path.join(dir, 'main.log'), 'utf8');
    expect(text).toContain('engine started');
    expect(text).not.toContain('do-not-log-me');

    const small = openLogFile(dir, 150);
    for (let i = 0; i < 10; i++) {
      small.write(`line ${i} ${'y'.repeat(20)}`);
    }
    small.close();
    const current = await readFile(path.join(dir, 'main.log'), 'utf8');
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(150);
    expect(await readFile(path.join(dir, 'main.log.1'), 'utf8')).toContain('line');
  });
});

describe('desktop log file on a full disk', () => {
  it('never throws: lines are dropped while the disk is full, and one note says so', async () => {
    const { symlinkSync } = await import('node:fs');
    // /dev/full answers every write with ENOSPC, as a full disk does.
    symlinkSync('/dev/full', path.join(dir, 'main.log'));
    const notes: string[] = [];
    const log = openLogFile(dir, 5_000_000, (note) => notes.push(note));
    const logger = createLogger({ format: 'json', write: (l) => log.write(l) });
    expect(() => {
      for (let i = 0; i < 100; i++) {
        logger.error('server failed', { server: 'a' });
      }
    }).not.toThrow();
    log.close();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/could not write .*main\.log.*ENOSPC.*dropped until/);
  });

  it('never throws when the file cannot be rotated, and keeps writing', async () => {
    const { mkdirSync, writeFileSync: writeSyncFile } = await import('node:fs');
    const log = openLogFile(dir, 50, () => undefined);
    log.write('x'.repeat(40));
    // A folder where the previous file goes: the rename of the rotation fails (EISDIR).
    mkdirSync(path.join(dir, 'main.log.1'));
    writeSyncFile(path.join(dir, 'main.log.1', 'keep'), '');
    expect(() => log.write('y'.repeat(40))).not.toThrow();
    expect(() => log.write('z'.repeat(10))).not.toThrow();
    log.close();
    expect(await readFile(path.join(dir, 'main.log'), 'utf8')).toContain('y'.repeat(40));
  });
});
