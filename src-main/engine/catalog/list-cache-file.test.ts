import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Tool } from '@modelcontextprotocol/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import type { Logger } from '../types.js';
import {
  type CacheFile,
  createCacheWriter,
  fileOf,
  FORMAT,
  readCacheFile,
  seedDigests,
  signatureOf,
} from './list-cache-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'list-cache-file-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const entry = (server: string): CacheFile => ({
  format: FORMAT,
  key: 'k1',
  server,
  lists: { tools: [{ name: 'a' } as Tool], resources: [], resourceTemplates: [], prompts: [], savedAt: 5 },
  toolDigests: ['d-a'],
});

describe('list cache files', () => {
  it('name a file by the server, hashed when the name is unusual', () => {
    expect(fileOf(dir, 'notes')).toBe(path.join(dir, 'notes.json'));
    expect(path.basename(fileOf(dir, '../up'))).toMatch(/^[0-9a-f]{32}\.json$/);
  });

  it('write in the background, privately, then read back; null removes the file', async () => {
    const writer = createCacheWriter(dir, silentLogger);
    writer.persist('notes', entry('notes'));
    await writer.flush();
    const file = fileOf(dir, 'notes');
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    // Read back with the head line's instructions beside the lists ('' when none).
    expect(readCacheFile(dir, 'notes')).toEqual({ ...entry('notes'), headInstructions: '' });
    writer.persist('notes', null);
    await writer.flush();
    expect(readCacheFile(dir, 'notes')).toBeNull();
    createCacheWriter(undefined).persist('notes', entry('notes'));
    expect(readCacheFile(undefined, 'notes')).toBeNull();
  });

  it('take no file that is foreign, of another format or broken, and say so only when unreadable', () => {
    const warned: string[] = [];
    const logger = { ...silentLogger, warn: (msg: string) => void warned.push(msg) } as Logger;
    writeFileSync(fileOf(dir, 'notes'), JSON.stringify(entry('other')));
    expect(readCacheFile(dir, 'notes', logger)).toBeNull();
    writeFileSync(fileOf(dir, 'notes'), JSON.stringify({ ...entry('notes'), format: 0 }));
    expect(readCacheFile(dir, 'notes', logger)).toBeNull();
    expect(warned).toEqual([]);
    writeFileSync(fileOf(dir, 'notes'), '{ broken');
    expect(readCacheFile(dir, 'notes', logger)).toBeNull();
    expect(readCacheFile(dir, 'missing', logger)).toBeNull();
    expect(warned).toEqual(['list cache unreadable; the server will start to list again']);
    expect(readFileSync(fileOf(dir, 'notes'), 'utf8')).toBe('{ broken');
  });

  it('tell what a file lists from its head line alone, as the entry written would', async () => {
    const written = { ...entry('notes'), lists: { ...entry('notes').lists, instructions: 'Be brief.' } };
    const writer = createCacheWriter(dir, silentLogger);
    writer.persist('notes', written);
    await writer.flush();
    const parsed: string[] = [];
    const read = readCacheFile(dir, 'notes', silentLogger, (e) => void parsed.push(e.server));
    expect(read?.headInstructions).toBe('Be brief.');
    expect(signatureOf(read as CacheFile)).toBe(signatureOf(written));
    expect(parsed).toEqual([]);
    expect(read?.lists.instructions).toBe('Be brief.');
    expect(parsed).toEqual(['notes']);
  });

  it('hand saved digests to the tools read back, only when they match up', () => {
    const seeded: string[] = [];
    const digests = { of: () => '', seed: (t: Tool, d: string) => void seeded.push(`${t.name}=${d}`) };
    seedDigests(entry('notes'), digests);
    seedDigests({ ...entry('notes'), toolDigests: ['x', 'y'] }, digests);
    seedDigests(entry('notes'), undefined);
    expect(seeded).toEqual(['a=d-a']);
  });
});
