import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { handlerArgs } from '../../../test/lib/handlers.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import { serverControlHandlers } from './server-control-routes.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({ memory: nodeServer(MEMORY), off: { ...nodeServer(MEMORY), disabled: true } });
  await gw.ready(['memory']);
});
afterAll(async () => {
  await gw.close();
});

const h = serverControlHandlers();

describe('server control routes', () => {
  it('refuses to start a disabled server, and to wake one that is not asleep', async () => {
    const ctx = gw.engine.ctx;
    const off = handlerArgs(ctx, { params: { name: 'off' } });
    await expect(h['servers.restart'](off) as Promise<unknown>).rejects.toThrow(/'off' is disabled/);
    await expect(h['servers.wake'](off) as Promise<unknown>).rejects.toThrow(/'off' is disabled/);
    await expect(h['servers.resetCircuit'](off) as Promise<unknown>).rejects.toThrow(/'off' is disabled/);
    const woken = await h['servers.wake'](handlerArgs(ctx, { params: { name: 'memory' } }));
    expect(woken.state).toBe('running');
  });

  it('puts a server to sleep, wakes it, and shows its log lines', async () => {
    const ctx = gw.engine.ctx;
    const memory = handlerArgs(ctx, { params: { name: 'memory' } });
    expect((await h['servers.sleep'](memory)).state).toBe('sleeping');
    expect((await h['servers.wake'](memory)).state).toMatch(/running|starting/);
    const logs = await h['servers.logs'](handlerArgs(ctx, { params: { name: 'memory' }, query: {} }));
    expect(logs.server).toBe('memory');
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(() => h['servers.logs'](handlerArgs(ctx, { params: { name: 'nope' }, query: {} }))).toThrow(
      /'nope' not found/,
    );
  });
});
