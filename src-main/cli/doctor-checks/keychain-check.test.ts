import { describe, expect, it } from 'vitest';

import { checkKeychain, keychainFinding } from './keychain-check.js';

describe('keychainFinding', () => {
  const broken = { ok: false, backend: 'Secret Service', reason: 'no D-Bus session: start one' };

  it('is fine when the keychain works', () => {
    expect(keychainFinding({ ok: true, backend: 'Keychain' }, true, false)).toEqual({
      check: 'keychain',
      status: 'ok',
      message: 'Keychain works',
    });
  });

  it('fails a broken keychain only when the config needs it and there is no consented file', () => {
    expect(keychainFinding(broken, true, false)).toEqual({
      check: 'keychain',
      status: 'fail',
      message: 'the config uses ${secret:...} but Secret Service is not usable',
      fix: 'no D-Bus session: start one',
    });
    expect(keychainFinding(broken, true, true)).toEqual({
      check: 'keychain',
      status: 'info',
      message:
        'the config uses ${secret:...} but Secret Service is not usable (the consented secrets file is used instead)',
    });
    expect(keychainFinding(broken, false, false)).toMatchObject({
      status: 'info',
      message: 'Secret Service is not usable (only needed for ${secret:...} values)',
    });
  });
});

describe('checkKeychain', () => {
  it('probes nothing when told not to', async () => {
    expect(await checkKeychain({ keychain: false, config: undefined, env: {} })).toEqual([]);
  });
});
