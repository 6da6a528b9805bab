import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import { readText } from './config-file.js';
import { initialState } from './config-state.js';
import { updateConfig } from './update.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cfg-update-'));
  file = path.join(dir, 'config.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (f: string) => readText(f);
const original = '{\n  // servers\n  "mcpServers": { "a": { "command": "x" } }\n}\n';

async function stateOf(text: string) {
  await writeFile(file, text);
  const state = initialState(file, silentLogger, text);
  const sources: string[] = [];
  state.changeListeners.add((_n, _p, source) => sources.push(source));
  return { state, sources };
}

describe('config update', () => {
  it('writes the edit as a minimal change, adopts it and tells who changed it', async () => {
    const { state, sources } = await stateOf(original);
    const next = await updateConfig(state, read, (d) => (d.mcpServers['b'] = { command: 'y' }), 'import');
    expect(Object.keys(next.mcpServers)).toEqual(['a', 'b']);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('// servers');
    expect(text).not.toContain('"gateway"');
    expect(state.lastText).toBe(text);
    expect(sources).toEqual(['import']);
    // An edit that changes nothing writes nothing.
    await updateConfig(state, read, () => undefined, 'api');
    expect(sources).toEqual(['import']);
  });

  it('starts from a hand edit the watcher has not delivered yet', async () => {
    const { state } = await stateOf(original);
    await writeFile(file, original.replace('"x"', '"by hand"'));
    await updateConfig(state, read, (d) => (d.mcpServers['b'] = { command: 'y' }), 'api');
    expect(state.config.mcpServers['a']?.command).toBe('by hand');
  });

  it('refuses an invalid edit by its field, and any edit while the file is broken, changing nothing', async () => {
    const { state, sources } = await stateOf(original);
    const bad = updateConfig(state, read, (d) => (d.gateway['port'] = 'many'), 'api');
    await expect(bad).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'gateway.port' });
    await writeFile(file, '{ "mcpServers": ');
    const broken = updateConfig(state, read, (d) => (d.mcpServers['b'] = { command: 'y' }), 'api');
    await expect(broken).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(broken).rejects.toThrow('fix the file first; nothing was changed');
    expect(await readFile(file, 'utf8')).toBe('{ "mcpServers": ');
    expect(sources).toEqual([]);
  });

  it('says so when the file cannot be written', async () => {
    const { state } = await stateOf(original);
    const blocked = path.join(dir, 'blocked');
    await writeFile(blocked, 'a file, not a folder');
    const elsewhere = { ...state, file: path.join(blocked, 'config.json') };
    await expect(
      updateConfig(
        elsewhere,
        () => Promise.resolve(original),
        (d) => (d.mcpServers['b'] = { command: 'y' }),
        'api',
      ),
    ).rejects.toMatchObject({ code: 'CONFIG_WRITE_FAILED' });
  });
});
