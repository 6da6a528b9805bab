import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import { toolList, toolView } from './tool-views.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({ memory: { ...nodeServer(MEMORY), tools: { disabled: ['read_graph'] } } });
  await gw.ready(['memory']);
});
afterAll(async () => {
  await gw.close();
});

describe('tool views', () => {
  it('shows a tool switched off as not enabled, with its schema only when asked', () => {
    const ctx = gw.engine.ctx;
    const t = ctx.catalog.tools().find((x) => x.name === 'read_graph');
    expect(t).toBeDefined();
    if (t === undefined) {
      return;
    }
    const v = toolView(t, new Set(['read_graph']), false);
    expect(v).toMatchObject({ server: 'memory', name: 'read_graph', enabled: false, visible: false });
    expect(v.inputSchema).toBeUndefined();
    expect(toolView(t, new Set(), true)).toMatchObject({ enabled: true, inputSchema: { type: 'object' } });
  });

  it('lists the tools of a server, visible ones only when asked, with totals', () => {
    const ctx = gw.engine.ctx;
    const all = toolList(ctx, { server: 'memory' });
    const shown = toolList(ctx, { visible: true });
    expect(all.totals.tools).toBe(all.tools.length);
    expect(shown.tools.every((t) => t.visible)).toBe(true);
    expect(shown.totals.tools).toBe(all.totals.visible);
    expect(all.totals.visibleTokens).toBe(shown.totals.tokens);
    expect(all.tools.find((t) => t.name === 'read_graph')?.enabled).toBe(false);
    expect(() => toolList(ctx, { server: 'nope' })).toThrow(/server 'nope' not found/);
  });
});
