import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkTokenFile } from './token-check.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-doctor-token-'));
  file = path.join(dir, 'admin-token');
  await writeFile(file, 'secret');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkTokenFile', () => {
  it('is fine with a private file and warns about one others can read', async () => {
    await chmod(file, 0o600);
    expect(await checkTokenFile({ token: 't', tokenFile: file }, 'linux')).toEqual([
      { check: 'token', status: 'ok', message: 'admin token file is private (0600)' },
    ]);
    await chmod(file, 0o644);
    expect(await checkTokenFile({ token: 't', tokenFile: file }, 'linux')).toEqual([
      {
        check: 'token',
        status: 'warn',
        message: `${file} can be read by other users`,
        fix: `chmod 600 ${file}`,
      },
    ]);
  });

  it('has nothing to say without a token, without a file, or on Windows', async () => {
    await chmod(file, 0o644);
    expect(await checkTokenFile({ token: undefined, tokenFile: file }, 'linux')).toEqual([]);
    expect(await checkTokenFile({ token: 't', tokenFile: path.join(dir, 'none') }, 'linux')).toEqual([]);
    expect(await checkTokenFile({ token: 't', tokenFile: file }, 'win32')).toEqual([]);
  });
});
