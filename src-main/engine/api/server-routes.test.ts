import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REDACTED } from '../../../src-shared/api/schemas.js';
import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { handlerArgs } from '../../../test/lib/handlers.js';
import { serverHandlers } from './server-routes.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({});
});
afterAll(async () => {
  await gw.close();
});

const h = serverHandlers();
const OFF = { command: 'node', args: ['x.js'], disabled: true, env: { TOKEN: 'sekrit' } };

describe('server routes', () => {
  it('add, get, list, update (redacted values kept), disable, enable and remove a server', async () => {
    const ctx = gw.engine.ctx;
    const added = await h['servers.add'](handlerArgs(ctx, { body: { name: 'b', config: OFF } }));
    expect(added).toMatchObject({ name: 'b', disabled: true, config: { env: { TOKEN: REDACTED } } });
    await h['servers.add'](handlerArgs(ctx, { body: { name: 'a', config: OFF } }));
    const list = await h['servers.list'](handlerArgs(ctx, {}));
    expect(list.servers.map((s) => s.name)).toEqual(['a', 'b']);
    const body = { env: { TOKEN: REDACTED, MORE: '1' }, description: 'B' };
    await h['servers.update'](handlerArgs(ctx, { params: { name: 'b' }, body }));
    expect(ctx.config.current().mcpServers.b?.env).toEqual({ TOKEN: 'sekrit', MORE: '1' });
    expect((await h['servers.get'](handlerArgs(ctx, { params: { name: 'b' } }))).description).toBe('B');
    const enabled = await h['servers.enable'](handlerArgs(ctx, { params: { name: 'a' } }));
    expect(enabled.disabled).toBe(false);
    const disabled = await h['servers.disable'](handlerArgs(ctx, { params: { name: 'a' } }));
    expect(disabled.disabled).toBe(true);
    const removed = await h['servers.remove'](handlerArgs(ctx, { params: { name: 'a' } }));
    expect(removed).toEqual({ ok: true, message: "server 'a' removed" });
    expect(ctx.config.current().mcpServers.a).toBeUndefined();
  });

  it('refuses to approve a server that was not imported', async () => {
    const ctx = gw.engine.ctx;
    await h['servers.add'](handlerArgs(ctx, { body: { name: 'own', config: OFF } }));
    await expect(
      h['servers.approve'](handlerArgs(ctx, { params: { name: 'own' }, body: {} })) as Promise<unknown>,
    ).rejects.toThrow(/added in the gateway itself/);
    const allowed = await h['servers.allow'](
      handlerArgs(ctx, { params: { name: 'own' }, body: { keys: ['X'] } }),
    );
    expect(allowed.name).toBe('own');
    expect(ctx.config.current().mcpServers.own?.allow).toEqual(['X']);
  });
});
