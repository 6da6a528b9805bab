import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { GatewayConfigSchema } from '../../../src-shared/config.js';
import { manualClock } from '../../../test/lib/clock.js';
import { silentLogger } from '../telemetry/index.js';
import type { ClientIdentity } from './identity.js';
import { createProfileRegistry } from './profiles.js';
import { createTokenCheck } from './token-check.js';
import { openTokenStore } from './token-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

async function setup(required = true) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'token-check-'));
  dirs.push(dir);
  const store = await openTokenStore(dir);
  const profiles = createProfileRegistry(GatewayConfigSchema.parse({ mcpServers: {} }));
  const clock = manualClock(5_000);
  const anonymous: ClientIdentity = { tokenId: undefined, name: undefined, profile: profiles.get('default') };
  const tokens = createTokenCheck({ store, profiles, clock, logger: silentLogger, anonymous, required });
  const { record, token } = await store.create('editor', 'default', 1_000);
  return { store, clock, anonymous, tokens, record, token };
}

describe('token check', () => {
  it('finds the caller of a bearer token, one object per token', async () => {
    const { tokens, record, token } = await setup();
    const first = tokens.check(`Bearer ${token}`);
    const again = tokens.check(`bearer   ${token}  `);
    expect(first).toEqual({
      ok: true,
      client: expect.objectContaining({ tokenId: record.id, name: 'editor' }),
    });
    expect(again.ok && first.ok && again.client === first.client).toBe(true);
    expect(tokens.clients.get(record)).toBe(first.ok ? first.client : undefined);
  });

  it('refuses a missing, unknown or admin token when tokens are required, and lets anyone in when not', async () => {
    const { tokens, anonymous } = await setup();
    tokens.setAdminToken('admin-secret');
    expect(tokens.check(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(tokens.check('Bearer ')).toEqual({ ok: false, reason: 'missing' });
    expect(tokens.check('Basic abc')).toEqual({ ok: false, reason: 'missing' });
    expect(tokens.check('Bearer mcpgw_nope')).toEqual({ ok: false, reason: 'invalid' });
    expect(tokens.check('Bearer admin-secret')).toEqual({ ok: false, reason: 'admin' });
    tokens.setRequired(false);
    expect(tokens.check(undefined)).toEqual({ ok: true, client: anonymous });
    expect(tokens.check('Bearer mcpgw_nope')).toEqual({ ok: true, client: anonymous });
  });

  it('notes when a token was used and writes it within a minute, or on close', async () => {
    const { store, clock, tokens, token } = await setup();
    clock.advance(1_000);
    tokens.check(`Bearer ${token}`);
    const lastUsed = () =>
      (JSON.parse(readFileSync(store.file, 'utf8')) as { tokens: Array<{ lastUsedAt?: number }> }).tokens[0]
        ?.lastUsedAt;
    expect(lastUsed()).toBeUndefined();
    expect(clock.pending()).toEqual([60_000]);
    tokens.check(`Bearer ${token}`);
    expect(clock.pending()).toEqual([60_000]);
    clock.advance(60_000);
    await expect.poll(lastUsed).toBe(6_000);
    clock.advance(5_000);
    tokens.check(`Bearer ${token}`);
    await tokens.close();
    expect(lastUsed()).toBe(71_000);
    expect(clock.pending()).toEqual([]);
  });
});
