import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import type { Identity } from '../identity/index.js';
import { checkServers, createProfile, deleteProfile, renameProfile } from './profile-edits.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({ s: { command: 'node', args: ['x.js'], disabled: true } });
});
afterAll(async () => {
  await gw.close();
});

const parts = () => ({ ctx: gw.engine.ctx, identity: gw.engine.ctx.identity as Identity });
const profiles = () => gw.engine.ctx.config.current().gateway.profiles;

describe('profile edits', () => {
  it('refuses a profile naming a server the gateway does not have', () => {
    expect(() => checkServers(gw.engine.ctx, { servers: ['s', 'nope'] })).toThrow(/no server named "nope"/);
    expect(() => checkServers(gw.engine.ctx, { servers: ['s'] })).not.toThrow();
  });

  it('creates a profile once, and renames it with its tokens', async () => {
    const { ctx, identity } = parts();
    await createProfile(ctx, identity, 'work', { servers: ['s'] });
    await expect(createProfile(ctx, identity, 'work', {})).rejects.toThrow(
      /there is a profile "work" already/,
    );
    await identity.create('desk', 'work');
    await renameProfile(ctx, identity, 'work', 'office');
    expect(profiles().work).toBeUndefined();
    expect(profiles().office).toEqual({ servers: ['s'] });
    expect(identity.list().find((t) => t.name === 'desk')?.profile).toBe('office');
    await expect(renameProfile(ctx, identity, 'default', 'x')).rejects.toThrow(/keeps its name/);
    await expect(renameProfile(ctx, identity, 'ghost', 'x')).rejects.toThrow(/there is no profile "ghost"/);
  });

  it('deletes a profile in use only with somewhere to move its tokens', async () => {
    const { ctx, identity } = parts();
    await createProfile(ctx, identity, 'temp', {});
    await identity.create('phone', 'temp');
    await expect(deleteProfile(ctx, identity, 'temp', undefined)).rejects.toThrow(/is used by "phone"/);
    await expect(deleteProfile(ctx, identity, 'temp', 'temp')).rejects.toThrow(/cannot move the tokens/);
    expect(await deleteProfile(ctx, identity, 'temp', 'default')).toBe(
      'removed "temp"; "phone" now uses "default"',
    );
    expect(profiles().temp).toBeUndefined();
  });
});
