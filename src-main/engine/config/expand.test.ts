import { describe, expect, it } from 'vitest';

import { expandServerConfig, expandString, referencedEnvVars } from './expand.js';

describe('expansion', () => {
  const env = { HOME: '/home/u', TOKEN: 't0k', EMPTY: '' };

  it('expands ${VAR}, ${env:VAR} and defaults', async () => {
    expect(await expandString('${HOME}/x', env, 'f')).toBe('/home/u/x');
    expect(await expandString('${env:TOKEN}', env, 'f')).toBe('t0k');
    expect(await expandString('${NOPE:-dflt}', env, 'f')).toBe('dflt');
    expect(await expandString('${EMPTY:-d}', env, 'f')).toBe('d');
    expect(await expandString('plain', env, 'f')).toBe('plain');
  });

  it('names the field and the fix for an unset variable', async () => {
    await expect(expandString('${MISSING}', env, 'mcpServers.gh.env.TOKEN')).rejects.toThrow(
      /mcpServers\.gh\.env\.TOKEN uses \$\{MISSING\}, which is not set/,
    );
  });

  it('resolves secrets through the keychain resolver only', async () => {
    const secrets = async (n: string) => (n === 'gh' ? 's3cret' : undefined);
    expect(await expandString('Bearer ${secret:gh}', env, 'f', secrets)).toBe('Bearer s3cret');
    await expect(expandString('${secret:other}', env, 'f', secrets)).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    });
  });

  it('expands every launch field of a server', async () => {
    const out = await expandServerConfig(
      'x',
      { command: '${HOME}/bin/s', args: ['--t', '${TOKEN}'], env: { A: '${TOKEN}' }, cwd: '${HOME}' },
      env,
    );
    expect(out).toMatchObject({ command: '/home/u/bin/s', args: ['--t', 't0k'], env: { A: 't0k' }, cwd: '/home/u' });
    expect(referencedEnvVars({ command: 'x', env: { A: '${TOKEN}', B: '${secret:s}', C: '${D:-1}' } })).toEqual([
      'TOKEN',
    ]);
  });
});
