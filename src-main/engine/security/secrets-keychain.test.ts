/**
 * The OS keychain adapter against whatever this machine has. With a reachable keychain (run
 * `test/desktop/run-keychain-tests.sh` on Linux for a real Secret Service) it round-trips real
 * entries; without one it checks the no-keychain path: a clear error, and a file only with consent.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKeychainSecretStore, type KeychainProbe, openSecretStore, probeKeychain } from './secrets.js';

// A service of its own so the user's real `mcp-gateway` entries are never touched.
const service = `mcp-gateway-test-${randomBytes(4).toString('hex')}`;
let probe: KeychainProbe;
let dir: string;

beforeAll(async () => {
  probe = await probeKeychain({ service, timeoutMs: 5_000 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-keychain-'));
  console.log(
    `keychain: ${probe.ok ? `${probe.backend} reachable` : `not reachable — ${probe.reason ?? ''}`}`,
  );
});
afterAll(async () => {
  if (probe.ok) {
    const store = createKeychainSecretStore({ service });
    for (const name of await store.list()) {
      await store.delete(name);
    }
  }
  await rm(dir, { recursive: true, force: true });
});

describe('OS keychain adapter', () => {
  it('stores, reads, lists and deletes real keychain entries when a keychain is reachable', async (ctx) => {
    if (!probe.ok) {
      // The keychain runner starts a real Secret Service: there, an unreachable one is a failure.
      if (process.env.MCPGW_REQUIRE_KEYCHAIN === '1') {
        throw new Error(
          `a Secret Service was started for this run but is not reachable: ${probe.reason ?? ''}`,
        );
      }
      ctx.skip();
    }
    const store = await openSecretStore({ dataDir: dir, service });
    expect(store.kind).toBe('keychain');
    expect(await store.available()).toEqual({ ok: true });
    await store.set('API_KEY', 'value with spaces & ünïcode');
    await store.set('OTHER', 'x');
    expect(await store.get('API_KEY')).toBe('value with spaces & ünïcode');
    expect(await store.get('MISSING')).toBeUndefined();
    expect(await store.list()).toEqual(['API_KEY', 'OTHER']);
    await store.set('API_KEY', 'rotated');
    expect(await store.get('API_KEY')).toBe('rotated');
    expect(await store.delete('API_KEY')).toBe(true);
    expect(await store.delete('API_KEY')).toBe(false);
    expect(await store.list()).toEqual(['OTHER']);
    // Nothing was written to the data folder: the keychain holds the values.
    expect(await readdir(dir)).toEqual([]);
  });

  it('without a keychain: a clear error, and a plaintext file only with consent', async (ctx) => {
    if (probe.ok) {
      ctx.skip();
    }
    expect(probe.reason).toMatch(/No OS keychain is available/);
    const refused = await openSecretStore({ dataDir: dir, service });
    expect(refused.kind).toBe('none');
    expect((await refused.available()).reason).toMatch(/allowFileFallback/);
    await expect(refused.set('A', 'v')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(await readdir(dir)).toEqual([]);

    const consented = await openSecretStore({ dataDir: dir, service, allowFileFallback: true });
    expect(consented.kind).toBe('file');
    await consented.set('A', 'v');
    expect(await consented.get('A')).toBe('v');
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });
});
