import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import { detail, serverConfig, summarise, summaryOf, toolsOf } from './server-views.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({
    memory: { ...nodeServer(MEMORY), env: { MEMORY_TOKEN: 'sekrit-value' }, description: 'notes' },
    off: {
      ...nodeServer(MEMORY),
      disabled: true,
      origin: { client: 'cursor', scope: 'project', project: '/p' },
    },
  });
  await gw.ready(['memory']);
});
afterAll(async () => {
  await gw.close();
});

describe('server views', () => {
  it("summarises a running server with its process, uptime and visible tools' tokens", () => {
    const ctx = gw.engine.ctx;
    const tools = toolsOf(ctx).get('memory') ?? [];
    expect(tools.length).toBeGreaterThan(0);
    const s = summaryOf(ctx, 'memory');
    expect(s).toMatchObject({ name: 'memory', state: 'running', description: 'notes', transport: 'stdio' });
    expect(s.tools).toBe(tools.length);
    expect(s.tokens).toBe(tools.filter((t) => t.visible).reduce((n, t) => n + t.tokens, 0));
    expect(s.pid).toBeGreaterThan(0);
    expect(s.uptimeMs).toBeGreaterThanOrEqual(0);
  });

  it('summarises a disabled imported server with where it came from and what waits for approval', () => {
    const ctx = gw.engine.ctx;
    const s = summarise(ctx, 'off', serverConfig(ctx, 'off'));
    expect(s).toMatchObject({ state: 'disabled', disabled: true, tools: 0, tokens: 0 });
    expect(s.origin).toEqual({ client: 'cursor', scope: 'project', project: '/p', approved: false });
    expect(s.approval?.project).toBe(true);
    expect(s.pid).toBeUndefined();
  });

  it("shows a server's config without its secrets, and refuses one that is not configured", () => {
    const ctx = gw.engine.ctx;
    expect(JSON.stringify(detail(ctx, 'memory').config)).not.toContain('sekrit-value');
    expect(() => serverConfig(ctx, 'nope')).toThrow(/server 'nope' not found: `mcp-gateway servers list`/);
  });
});
