import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CliError } from '../output.js';
import { bridgeUrl, mcpUrlOf, readClientTokenFile } from './target.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-bridge-target-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readClientTokenFile', () => {
  it('reads a private file, trimmed', async () => {
    const file = path.join(dir, 'token');
    await writeFile(file, '  mcpgw_abc\n', { mode: 0o600 });
    expect(await readClientTokenFile(file, 'linux')).toBe('mcpgw_abc');
  });

  it('refuses a file other users can read, an empty one and a missing one, saying what to do', async () => {
    const file = path.join(dir, 'token');
    await writeFile(file, 'mcpgw_abc');
    await chmod(file, 0o644);
    await expect(readClientTokenFile(file, 'linux')).rejects.toThrow(`run \`chmod 600 ${file}\``);
    expect(await readClientTokenFile(file, 'win32')).toBe('mcpgw_abc');
    await chmod(file, 0o600);
    await writeFile(file, ' \n');
    await expect(readClientTokenFile(file, 'linux')).rejects.toThrow(`${file} holds no token`);
    const missing = readClientTokenFile(path.join(dir, 'none'), 'linux');
    await expect(missing).rejects.toBeInstanceOf(CliError);
    await expect(missing).rejects.toThrow('cannot read the client token file');
  });
});

describe('mcpUrlOf', () => {
  it('keeps /mcp and /mcp/<server>, and gives any other gateway URL /mcp', () => {
    expect(mcpUrlOf('http://127.0.0.1:7411/mcp/')).toBe('http://127.0.0.1:7411/mcp');
    expect(mcpUrlOf('http://127.0.0.1:7411/mcp/memory')).toBe('http://127.0.0.1:7411/mcp/memory');
    expect(mcpUrlOf('http://127.0.0.1:7411')).toBe('http://127.0.0.1:7411/mcp');
    expect(mcpUrlOf('http://127.0.0.1:7411/api/v1')).toBe('http://127.0.0.1:7411/mcp');
  });
});

describe('bridgeUrl', () => {
  it('takes an http(s) URL and refuses anything else', async () => {
    expect(await bridgeUrl('https://gw.test/')).toBe('https://gw.test/mcp');
    await expect(bridgeUrl('ftp://gw.test')).rejects.toThrow(
      'gateway URL "ftp://gw.test" must start with http://',
    );
  });
});
