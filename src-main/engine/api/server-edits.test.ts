import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import {
  addServer,
  allowKeys,
  approveImported,
  patchServer,
  removeServer,
  setServerDisabled,
} from './server-edits.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({});
});
afterAll(async () => {
  await gw.close();
});

const OFF: ServerConfig = { command: 'node', args: ['nowhere.js'], disabled: true };
const servers = () => gw.engine.ctx.config.current().mcpServers;

describe("edits of a server's config entry", () => {
  it('adds a server once, under a valid name only', async () => {
    const ctx = gw.engine.ctx;
    await expect(addServer(ctx, 'bad name!', OFF)).rejects.toThrow(/not a valid server name/);
    await addServer(ctx, 'one', OFF);
    expect(servers().one?.args).toEqual(['nowhere.js']);
    await expect(addServer(ctx, 'one', OFF)).rejects.toThrow(/already exists/);
  });

  it('patches an entry (null deletes, tools merge) and refuses one the schema rejects', async () => {
    const ctx = gw.engine.ctx;
    await addServer(ctx, 'two', { ...OFF, description: 'd', tools: { disabled: ['a'] } });
    await patchServer(ctx, 'two', { description: null, tools: { pinned: ['b'] } });
    expect(servers().two?.description).toBeUndefined();
    expect(servers().two?.tools).toMatchObject({ disabled: ['a'], pinned: ['b'] });
    await expect(patchServer(ctx, 'two', { command: 42 })).rejects.toThrow(/command/);
    await expect(patchServer(ctx, 'nope', {})).rejects.toThrow(/server 'nope' not found/);
  });

  it('switches a server on and off, and removes it', async () => {
    const ctx = gw.engine.ctx;
    await addServer(ctx, 'three', OFF);
    await setServerDisabled(ctx, 'three', false);
    expect(servers().three?.disabled).toBeUndefined();
    await setServerDisabled(ctx, 'three', true);
    expect(servers().three?.disabled).toBe(true);
    await removeServer(ctx, 'three');
    expect(servers().three).toBeUndefined();
    await expect(removeServer(ctx, 'three')).rejects.toThrow(/not found/);
  });

  it('adds only new names to the allow list, whatever their case', async () => {
    const ctx = gw.engine.ctx;
    await addServer(ctx, 'four', { ...OFF, allow: ['PATH_EXTRA'] });
    await allowKeys(ctx, 'four', ['path_extra', 'NODE_OPTIONS']);
    expect(servers().four?.allow).toEqual(['PATH_EXTRA', 'NODE_OPTIONS']);
  });

  it('approves an imported server only with the references the user saw', async () => {
    const ctx = gw.engine.ctx;
    const origin = { client: 'cursor', scope: 'project' as const, project: '/p' };
    await addServer(ctx, 'five', { ...OFF, env: { T: '${TOKEN}' }, origin });
    await expect(approveImported(ctx, 'five', [])).rejects.toThrow(/it now also wants \$\{TOKEN\}/);
    await approveImported(ctx, 'five', ['TOKEN']);
    expect(servers().five?.origin).toMatchObject({ approved: true, variables: ['TOKEN'] });
  });
});
