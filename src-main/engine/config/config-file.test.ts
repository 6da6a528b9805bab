import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import { createConfigFile, readText, watchConfigFile } from './config-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cfg-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('config file', () => {
  it('reads a missing file as undefined and passes other failures on', async () => {
    expect(await readText(path.join(dir, 'none.json'))).toBeUndefined();
    await expect(readText(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    const busy = Object.assign(new Error('busy'), { code: 'EBUSY' });
    await expect(readText('x', () => Promise.reject(busy))).rejects.toBe(busy);
  });

  it('creates a private file from the template, folders included', async () => {
    const file = path.join(dir, 'deep', 'config.json');
    const text = await createConfigFile(file, silentLogger);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(JSON.parse(text)).toEqual({ gateway: {}, mcpServers: {} });
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
  });

  it('calls back when the file is written, once the watcher is ready', async () => {
    const file = path.join(dir, 'config.json');
    await writeFile(file, '{}');
    let changed = 0;
    const watcher = await watchConfigFile(file, silentLogger, () => (changed += 1));
    try {
      await writeFile(file, '{ "mcpServers": {} }');
      await expect.poll(() => changed, { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      await watcher.close();
    }
  });
});
