import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import { setToolDisabled } from './tool-edits.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({ memory: nodeServer(MEMORY), off: { ...nodeServer(MEMORY), disabled: true } });
  await gw.ready(['memory']);
});
afterAll(async () => {
  await gw.close();
});

describe('switching a tool', () => {
  it('switches a listed tool off and on, leaving no empty `tools` behind', async () => {
    const ctx = gw.engine.ctx;
    expect(await setToolDisabled(ctx, 'memory', 'read_graph', true)).toEqual({
      server: 'memory',
      tool: 'read_graph',
      enabled: false,
    });
    expect(ctx.config.current().mcpServers.memory?.tools?.disabled).toEqual(['read_graph']);
    await setToolDisabled(ctx, 'memory', 'read_graph', false);
    expect(ctx.config.current().mcpServers.memory?.tools).toBeUndefined();
  });

  it('refuses a tool a running server does not list, but takes it ahead of time for one not running', async () => {
    const ctx = gw.engine.ctx;
    await expect(setToolDisabled(ctx, 'memory', 'no_such_tool', true)).rejects.toThrow(
      /has no tool 'no_such_tool'/,
    );
    await setToolDisabled(ctx, 'off', 'later_tool', true);
    expect(ctx.config.current().mcpServers.off?.tools?.disabled).toEqual(['later_tool']);
    await expect(setToolDisabled(ctx, 'nope', 'x', true)).rejects.toThrow(/server 'nope' not found/);
  });
});
