import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { handlerArgs } from '../../../test/lib/handlers.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import { toolHandlers } from './tool-routes.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({ memory: nodeServer(MEMORY) });
  await gw.ready(['memory']);
});
afterAll(async () => {
  await gw.close();
});

const h = toolHandlers();

describe('tool routes', () => {
  it('calls a tool by its id or by server and name, and says which tool it was', async () => {
    const ctx = gw.engine.ctx;
    const byName = await h['tools.call'](
      handlerArgs(ctx, { body: { server: 'memory', tool: 'read_graph', arguments: {} } }),
    );
    expect(byName).toMatchObject({ server: 'memory', tool: 'read_graph', isError: false });
    const id = ctx.catalog.tools().find((t) => t.name === 'read_graph')?.id;
    const byId = await h['tools.call'](handlerArgs(ctx, { body: { id, arguments: {} } }));
    expect(byId).toMatchObject({ server: 'memory', tool: 'read_graph' });
  });

  it('asks for a tool when the call names none, and refuses an unknown server', async () => {
    const ctx = gw.engine.ctx;
    await expect(
      h['tools.call'](handlerArgs(ctx, { body: { server: 'memory', arguments: {} } })) as Promise<unknown>,
    ).rejects.toThrow(/say which tool to call/);
    await expect(
      h['tools.call'](
        handlerArgs(ctx, { body: { server: 'no', tool: 'x', arguments: {} } }),
      ) as Promise<unknown>,
    ).rejects.toThrow(/'no' not found/);
  });

  it('lists and switches tools', async () => {
    const ctx = gw.engine.ctx;
    await h['tools.disable'](handlerArgs(ctx, { params: { server: 'memory', tool: 'read_graph' } }));
    const list = await h['tools.list'](handlerArgs(ctx, { query: { server: 'memory' } }));
    expect(list.tools.find((t) => t.name === 'read_graph')?.enabled).toBe(false);
    await h['tools.enable'](handlerArgs(ctx, { params: { server: 'memory', tool: 'read_graph' } }));
    expect(ctx.config.current().mcpServers.memory?.tools).toBeUndefined();
  });
});
