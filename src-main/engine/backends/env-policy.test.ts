import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import {
  buildChildEnv,
  checkServerArgs,
  checkServerEnv,
  envKeyRefusal,
  type RefusedByPolicyError,
} from './env-policy.js';

function refusal(fn: () => void): GatewayError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('env policy', () => {
  it('refuses loader keys with a message that says what to do', () => {
    const err = refusal(() => checkServerEnv('github', { GITHUB_TOKEN: 'x', LD_PRELOAD: '/tmp/evil.so' }));
    expect(err.code).toBe('ENV_KEY_REFUSED');
    expect(err.message).toBe(
      "env key 'LD_PRELOAD' is refused: it can hijack the server process. If you trust this server with it, " +
        'allow it: add "allow": ["LD_PRELOAD"] to mcpServers.github (or click Allow on the server\'s page, or run ' +
        '`mcp-gateway servers allow github LD_PRELOAD`); otherwise remove it from mcpServers.github.env',
    );
    expect(err.field).toBe('mcpServers.github.env.LD_PRELOAD');
    expect((err as RefusedByPolicyError).allow).toEqual(['LD_PRELOAD']);
  });

  it.each([
    'ld_library_path',
    'DYLD_INSERT_LIBRARIES',
    'Node_Options',
    'PYTHONPATH',
    'BASH_FUNC_foo%%',
    'npm_config_registry',
    'HTTPS_PROXY',
    'ComSpec',
    'IFS',
    'GCONV_PATH',
    'JAVA_TOOL_OPTIONS',
    'GIT_SSH',
    'GIT_SSH_COMMAND',
    'GIT_CONFIG_COUNT',
    'GIT_CONFIG_KEY_0',
    'GIT_CONFIG_PARAMETERS',
    'GIT_EXTERNAL_DIFF',
    'PIP_EXTRA_INDEX_URL',
    'UV_EXTRA_INDEX_URL',
    'PERLLIB',
    'LUA_INIT',
    'LUA_INIT_5_4',
    'DOTNET_STARTUP_HOOKS',
    'CORECLR_PROFILER',
    'CORECLR_PROFILER_PATH',
    'COR_PROFILER',
    'ELECTRON_RUN_AS_NODE',
    'SSLKEYLOGFILE',
  ])('refuses %s (case-insensitive, exact and prefix)', (key) => {
    expect(envKeyRefusal(key)).toBeDefined();
  });

  it.each(['GITHUB_TOKEN', 'NODE_ENV', 'LDAP_URL', 'PYTHONUNBUFFERED', 'PATH', 'HOME', 'ENVIRONMENT'])(
    'allows %s',
    (key) => {
      expect(envKeyRefusal(key)).toBeUndefined();
    },
  );

  it("names every refused key at once, and lets the server's allow list through", () => {
    const env = { NODE_OPTIONS: '--max-old-space-size=128', NODE_EXTRA_CA_CERTS: '/ca.pem', API_KEY: 'x' };
    const err = refusal(() => checkServerEnv('srv', env));
    expect(err.message).toContain("env keys 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS' are refused");
    expect(err.message).toContain('"allow": ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS"]');
    expect((err as RefusedByPolicyError).allow).toEqual(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']);
    expect(() => checkServerEnv('srv', env, ['node_options'])).toThrow(/NODE_EXTRA_CA_CERTS/);
    expect(() => checkServerEnv('srv', env, ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'])).not.toThrow();
  });

  it('allows an interpreter option when the server allows it', () => {
    expect(() => checkServerArgs('fs', 'node', ['-r', 'x', 's.js'])).toThrow(/"allow": \["-r"\]/);
    expect(() => checkServerArgs('fs', 'node', ['-r', 'x', 's.js'], ['-r'])).not.toThrow();
    expect(() => checkServerArgs('fs', 'node', ['--import=x', 's.js'], ['--import'])).not.toThrow();
  });

  describe('node --env-file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-envfile-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('checks the keys an env file would set, as if they were configured', () => {
      writeFileSync(
        path.join(dir, 'bad.env'),
        '# comment\nAPI_KEY=x\nexport NODE_OPTIONS="--require ./evil.js"\n',
      );
      writeFileSync(path.join(dir, 'good.env'), 'API_KEY=x\nDEBUG=1\n');
      for (const args of [
        ['--env-file=bad.env', 's.js'],
        ['--env-file', 'bad.env', 's.js'],
        ['--env-file-if-exists=bad.env', 's.js'],
      ]) {
        const err = refusal(() => checkServerArgs('fs', 'node', args, [], dir));
        expect(err.code).toBe('ENV_KEY_REFUSED');
        expect(err.message).toContain("env key 'NODE_OPTIONS' (set by bad.env) is refused");
      }
      expect(() =>
        checkServerArgs('fs', 'node', ['--env-file=bad.env', 's.js'], ['NODE_OPTIONS'], dir),
      ).not.toThrow();
      expect(() => checkServerArgs('fs', 'node', ['--env-file=good.env', 's.js'], [], dir)).not.toThrow();
      // A file that cannot be read is node's to report; nothing from it reaches the child.
      expect(() => checkServerArgs('fs', 'node', ['--env-file=missing.env', 's.js'], [], dir)).not.toThrow();
    });
  });

  it('refuses interpreter flags before the script for node-like commands', () => {
    for (const args of [
      ['--inspect', 'server.js'],
      ['--inspect-brk=9229', 's.js'],
      ['-r', 'x', 's.js'],
      ['--import=x', 's.js'],
      ['-e', 'code'],
      ['--loader', 'x', 's.js'],
    ]) {
      const err = refusal(() => checkServerArgs('fs', '/usr/bin/node', args));
      expect(err.code).toBe('ARG_REFUSED');
      expect(err.message).toContain('remove it from mcpServers.fs.args');
    }
  });

  it('allows the same flags as the server’s own arguments and for other commands', () => {
    expect(() => checkServerArgs('fs', 'node', ['server.js', '-e', 'x', '--require', 'y'])).not.toThrow();
    expect(() => checkServerArgs('fs', 'node', ['--max-old-space-size=512', 'server.js'])).not.toThrow();
    expect(() => checkServerArgs('fs', 'node', ['--title', 'x', 'server.js'])).not.toThrow();
    expect(() => checkServerArgs('fs', 'npx', ['-y', 'pkg', '-e'])).not.toThrow();
    expect(() => checkServerArgs('fs', 'python3', ['-e'])).not.toThrow();
  });

  it('builds an allow-listed env with the configured env on top', () => {
    const env = buildChildEnv(
      {
        PATH: '/bin',
        HOME: '/h',
        SECRET_TOKEN: 's',
        LC_ALL: 'C',
        BASH_FUNC_x: '() { :; }',
        TERM: '() { evil; }',
      },
      { API_KEY: 'k', HOME: '/other' },
      'linux',
    );
    expect(env).toEqual({ PATH: '/bin', HOME: '/other', LC_ALL: 'C', API_KEY: 'k' });
  });

  it('matches Windows variables case-insensitively and lets a configured key replace its twin', () => {
    const env = buildChildEnv(
      { Path: 'C:\\bin', SystemRoot: 'C:\\Windows', SECRET: 'x' },
      { PATH: 'D:\\x' },
      'win32',
    );
    expect(env).toEqual({ SystemRoot: 'C:\\Windows', PATH: 'D:\\x' });
  });
});
