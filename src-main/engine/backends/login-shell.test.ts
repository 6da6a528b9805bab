import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createLoginShellPathResolver, mergePath, resolveLoginShellPath } from './login-shell.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'gw-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('login shell PATH', () => {
  it('reads PATH from a login shell, ignoring what its profile prints', async () => {
    // A profile that prints a banner and adds a directory, as ~/.profile often does.
    writeFileSync(path.join(home, '.profile'), 'echo "Welcome!"\nPATH="$HOME/.local/bin:$PATH"\n');
    const value = await resolveLoginShellPath({
      shell: '/bin/sh',
      env: { HOME: home, PATH: '/usr/bin:/bin' },
    });
    expect(value?.startsWith(`${home}/.local/bin:`)).toBe(true);
    expect(value?.split(':')).toContain('/usr/bin');
    expect(value).not.toContain('Welcome');
  });

  it('gives up (undefined) when the shell fails or hangs', async () => {
    const hang = path.join(home, 'hanging-shell');
    writeFileSync(hang, '#!/bin/sh\nexec sleep 5\n');
    chmodSync(hang, 0o755);
    expect(await resolveLoginShellPath({ shell: hang, timeoutMs: 200, env: { HOME: home } })).toBeUndefined();
    expect(await resolveLoginShellPath({ shell: '/nonexistent/shell', env: {} })).toBeUndefined();
  });

  it('runs the shell once per resolver', async () => {
    const counter = path.join(home, 'count');
    const shell = path.join(home, 'counting-shell');
    writeFileSync(
      shell,
      `#!/bin/sh\necho x >> ${counter}\nprintf '%s' "__MCP_GATEWAY_PATH_START__/opt/bin__MCP_GATEWAY_PATH_END__"\n`,
    );
    chmodSync(shell, 0o755);
    const resolve = createLoginShellPathResolver({ shell, env: {} });
    expect(await Promise.all([resolve(), resolve()])).toEqual(['/opt/bin', '/opt/bin']);
    expect(await resolve()).toBe('/opt/bin');
    expect(readFileSync(counter, 'utf8')).toBe('x\n');
  });

  it('puts the login PATH first and keeps extra entries', () => {
    expect(mergePath('/opt/homebrew/bin:/usr/bin', '/usr/bin:/custom')).toBe(
      '/opt/homebrew/bin:/usr/bin:/custom',
    );
    expect(mergePath(undefined, '/usr/bin')).toBe('/usr/bin');
  });
});
