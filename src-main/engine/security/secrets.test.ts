import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import {
  createFileSecretStore,
  createUnavailableSecretStore,
  findSecretRefs,
  keychainUnavailableMessage,
  resolveSecretRefs,
  secretResolver,
} from './secrets.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file secret store (consented fallback)', () => {
  it('stores, lists and deletes secrets in an owner-only file', async () => {
    const file = path.join(dir, 'data', 'secrets.json');
    const store = createFileSecretStore(file);
    expect(store.kind).toBe('file');
    expect(await store.get('GITHUB_TOKEN')).toBeUndefined();
    await Promise.all([store.set('GITHUB_TOKEN', 'ghp_one'), store.set('OTHER', 'two')]);
    expect(await store.get('GITHUB_TOKEN')).toBe('ghp_one');
    expect(await store.list()).toEqual(['GITHUB_TOKEN', 'OTHER']);
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    expect(await store.delete('OTHER')).toBe(true);
    expect(await store.delete('OTHER')).toBe(false);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ GITHUB_TOKEN: 'ghp_one' });
  });

  it.skipIf(process.platform === 'win32')('tightens permissions someone loosened', async () => {
    const file = path.join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ A: 'x' }));
    await chmod(file, 0o644);
    expect(await createFileSecretStore(file).get('A')).toBe('x');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('rejects bad names and a broken file with errors that say what to do', async () => {
    const file = path.join(dir, 'secrets.json');
    const store = createFileSecretStore(file);
    await expect(store.set('has space', 'v')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await writeFile(file, '{ not json', { mode: 0o600 });
    await expect(store.get('A')).rejects.toThrow(/not valid JSON: fix it by hand or delete it/);
  });
});

describe('resolveSecretRefs', () => {
  it('expands ${secret:NAME} in strings, arrays and maps and leaves other references alone', async () => {
    const store = createFileSecretStore(path.join(dir, 'secrets.json'));
    await store.set('TOKEN', 's3cr3t');
    await store.set('db.pass', 'pw');
    const env = {
      GITHUB_TOKEN: '${secret:TOKEN}',
      URL: 'postgres://u:${secret:db.pass}@h/${DB}',
      PLAIN: 'x',
    };
    const out = await resolveSecretRefs(env, store, 'mcpServers.github.env');
    expect(out).toEqual({ GITHUB_TOKEN: 's3cr3t', URL: 'postgres://u:pw@h/${DB}', PLAIN: 'x' });
    expect(env.GITHUB_TOKEN).toBe('${secret:TOKEN}');
    expect(await resolveSecretRefs(['--key', 'Bearer ${secret:TOKEN}'], store)).toEqual([
      '--key',
      'Bearer s3cr3t',
    ]);
    expect(await secretResolver(store)('TOKEN')).toBe('s3cr3t');
    expect(findSecretRefs({ a: ['${secret:A}'], b: { c: '${secret:B} ${secret:A}' } })).toEqual(['A', 'B']);
  });

  it('names the field and the fix when a secret is missing or its name is invalid', async () => {
    const store = createFileSecretStore(path.join(dir, 'secrets.json'));
    const missing = await resolveSecretRefs({ K: '${secret:NOPE}' }, store, 'mcpServers.x.env').catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(GatewayError);
    expect(missing).toMatchObject({ code: 'SECRET_NOT_FOUND', field: 'mcpServers.x.env' });
    expect(String((missing as Error).message)).toMatch(/'NOPE'.*add it/);
    await expect(resolveSecretRefs('${secret:bad name}', store)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });

  it('fails with KEYCHAIN_UNAVAILABLE, never a silent empty value, when no store may be used', async () => {
    const store = createUnavailableSecretStore(keychainUnavailableMessage('linux'));
    expect(await store.available()).toMatchObject({ ok: false });
    await expect(resolveSecretRefs('${secret:TOKEN}', store)).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    // Values without references never touch the store.
    expect(await resolveSecretRefs({ A: 'plain' }, store)).toEqual({ A: 'plain' });
  });
});
