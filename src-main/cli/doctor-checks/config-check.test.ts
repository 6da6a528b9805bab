import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkConfig } from './config-check.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-doctor-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkConfig', () => {
  it('is fine without a config file, and says when one is made', async () => {
    const { check, config } = await checkConfig(path.join(dir, 'none.json'));
    expect(check).toMatchObject({ check: 'config', status: 'info' });
    expect(check.message).toBe(`no config file yet at ${path.join(dir, 'none.json')}`);
    expect(config).toBeUndefined();
  });

  it('gives a valid config with its server count', async () => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, '{ "mcpServers": { "a": { "command": "x" }, "b": { "url": "https://x.test" } } }');
    const { check, config } = await checkConfig(file);
    expect(check).toEqual({ check: 'config', status: 'ok', message: `${file} is valid (2 server(s))` });
    expect(Object.keys(config?.mcpServers ?? {})).toEqual(['a', 'b']);
  });

  it('fails an invalid config at its line and column, and says the running gateway keeps going', async () => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, '{\n  "mcpServers": {\n    "a": { "command": 1 }\n  }\n}');
    const { check, config } = await checkConfig(file);
    expect(check.status).toBe('fail');
    expect(check.message.startsWith(`${file}:3:`)).toBe(true);
    expect(check.fix).toContain('a running gateway keeps its last good config');
    expect(config).toBeUndefined();
  });

  // root reads any file, and Windows has no mode bits to take away.
  it.runIf(process.platform !== 'win32' && process.getuid?.() !== 0)(
    'fails a file it cannot read, pointing at permissions',
    async () => {
      const file = path.join(dir, 'c.json');
      await writeFile(file, '{}');
      await chmod(file, 0o000);
      const { check } = await checkConfig(file);
      expect(check).toMatchObject({ status: 'fail', fix: 'check the file permissions' });
      expect(check.message).toContain(`cannot read ${file}: EACCES`);
    },
  );
});
