import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { GatewayConfigSchema } from '../../../src-shared/config.js';
import { manualClock } from '../../../test/lib/clock.js';
import { silentLogger } from '../telemetry/index.js';
import type { ClientIdentity } from './identity.js';
import { createProfileRegistry } from './profiles.js';
import { createTokenAdmin } from './token-admin.js';
import { type TokenClient } from './token-check.js';
import { type ClientTokenRecord, openTokenStore } from './token-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'token-admin-'));
  dirs.push(dir);
  const store = await openTokenStore(dir);
  const config = GatewayConfigSchema.parse({ mcpServers: {}, gateway: { profiles: { coding: {} } } });
  const profiles = createProfileRegistry(config);
  const clients = new Map<ClientTokenRecord, TokenClient>();
  const admin = createTokenAdmin({
    store,
    profiles,
    clients,
    clock: manualClock(7_000),
    logger: silentLogger,
  });
  const ended: ClientIdentity[] = [];
  admin.onRevoked((c) => void ended.push(c));
  /** The caller the token check would have made for a record. */
  const seen = (record: ClientTokenRecord): TokenClient => {
    const c = { record, tokenId: record.id, name: record.name, profile: profiles.get(record.profile) };
    clients.set(record, { ...c, windowStart: 0, windowCount: 0 });
    return clients.get(record) as TokenClient;
  };
  return { store, admin, clients, ended, seen };
}

describe('token management', () => {
  it('creates tokens in a profile and lists them without their secret', async () => {
    const { admin, store } = await setup();
    const { token, info } = await admin.create('editor', 'coding');
    expect(token).toMatch(/^mcpgw_/);
    expect(info).toEqual({ id: expect.any(String), name: 'editor', profile: 'coding', createdAt: 7_000 });
    expect(admin.list()).toEqual([info]);
    expect(store.get('editor')?.profile).toBe('coding');
  });

  it('refuses a bad name, a taken name, an unknown profile and an unknown token, saying what to do', async () => {
    const { admin } = await setup();
    await admin.create('editor');
    await expect(admin.create('-x')).rejects.toThrow(/not a usable token name/);
    await expect(admin.create('editor')).rejects.toThrow(/exists already/);
    await expect(admin.create('other', 'nope')).rejects.toThrow(
      /there is no profile "nope": use one of default, coding/,
    );
    await expect(admin.update('ghost', { name: 'x' })).rejects.toThrow(/clients tokens list/);
    await expect(admin.revoke('ghost')).rejects.toThrow(/no client token/);
    // Renaming a token to its own name is no clash.
    await expect(admin.update('editor', { name: 'editor' })).resolves.toMatchObject({ name: 'editor' });
  });

  it('renames a caller in place, and ends its sessions when it moves to another profile or is revoked', async () => {
    const { admin, store, clients, ended, seen } = await setup();
    await admin.create('editor');
    const record = store.get('editor') as ClientTokenRecord;
    const caller = seen(record);
    await admin.update('editor', { name: 'writer' });
    expect(caller.name).toBe('writer');
    expect(ended).toEqual([]);
    await admin.update('writer', { profile: 'coding' });
    expect(ended).toEqual([caller]);
    expect(clients.has(record)).toBe(false);

    const again = seen(record);
    await admin.revoke(record.id);
    expect(ended).toEqual([caller, again]);
    expect(clients.size).toBe(0);
    expect(admin.list()).toEqual([]);
  });
});
