import { describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import { buildChildEnv, checkServerArgs, checkServerEnv, envKeyRefusal } from './env-policy.js';

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
      "env key 'LD_PRELOAD' is refused: it can hijack the server process; remove it from mcpServers.github.env",
    );
    expect(err.field).toBe('mcpServers.github.env.LD_PRELOAD');
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
  ])('refuses %s (case-insensitive, exact and prefix)', (key) => {
    expect(envKeyRefusal(key)).toBeDefined();
  });

  it.each(['GITHUB_TOKEN', 'NODE_ENV', 'LDAP_URL', 'PYTHONUNBUFFERED', 'PATH', 'HOME', 'ENVIRONMENT'])(
    'allows %s',
    (key) => {
      expect(envKeyRefusal(key)).toBeUndefined();
    },
  );

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
