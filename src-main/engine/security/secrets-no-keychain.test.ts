/**
 * The no-keychain path on Linux even where a Secret Service runs: this file's process points
 * D-Bus at a socket that does not exist before the keychain is first used.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKeychainSecretStore, openSecretStore, probeKeychain } from './secrets.js';

let dir: string;
beforeAll(async () => {
  process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${path.join(os.tmpdir(), 'mcpgw-no-such-bus')}`;
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-nokeychain-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('no Secret Service reachable', () => {
  it('reports it to doctor with the way out', async () => {
    const p = await probeKeychain({ service: 'mcp-gateway-test-none', timeoutMs: 5_000 });
    expect(p).toMatchObject({ ok: false, backend: 'Secret Service' });
    expect(p.reason).toMatch(
      /^No OS keychain is available \(Secret Service not running\)\. Start gnome-keyring/,
    );
    expect(p.reason).toMatch(/gateway\.secrets\.allowFileFallback/);
  });

  it('never stores plaintext without consent', async () => {
    const store = await openSecretStore({ dataDir: dir, service: 'mcp-gateway-test-none', timeoutMs: 5_000 });
    expect(store.kind).toBe('none');
    await expect(store.set('TOKEN', 'v')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(store.get('TOKEN')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(await readdir(dir)).toEqual([]);
    // Used directly, the keychain adapter fails the same clear way.
    await expect(
      createKeychainSecretStore({ service: 'mcp-gateway-test-none', timeoutMs: 5_000 }).get('TOKEN'),
    ).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
  });

  it('uses the owner-only file once the user allows it', async () => {
    const store = await openSecretStore({
      dataDir: dir,
      service: 'mcp-gateway-test-none',
      allowFileFallback: true,
      timeoutMs: 5_000,
    });
    expect(store.kind).toBe('file');
    await store.set('TOKEN', 'v');
    expect(await store.list()).toEqual(['TOKEN']);
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });
});
