import { describe, expect, it } from 'vitest';

import type { ContextTool } from '../../../src-shared/api/context.js';
import { type GatewayConfig, GatewayConfigSchema } from '../../../src-shared/config.js';
import { serverRows } from './report.js';

const config: GatewayConfig = GatewayConfigSchema.parse({
  mcpServers: { fs: { command: 'fs-server', tools: { maxTools: 1 } }, mail: { command: 'mail-server' } },
});
const tool = (server: string, name: string, visible: boolean, tokens: number): ContextTool => ({
  id: `${server}__${name}`,
  server,
  name,
  tokens,
  fullTokens: tokens * 2,
  visible,
  pinned: false,
});

describe('context report', () => {
  it('sums each server’s tools and visible tokens in config order, with its budget', () => {
    const rows = serverRows(
      Object.keys(config.mcpServers),
      [tool('mail', 'send', true, 5), tool('fs', 'read', true, 10), tool('fs', 'write', false, 20)],
      config,
    );
    expect(rows).toEqual([
      { name: 'fs', tools: 2, visibleTools: 1, tokens: 10, fullTokens: 60, budget: { maxTools: 1 } },
      { name: 'mail', tools: 1, visibleTools: 1, tokens: 5, fullTokens: 10, budget: {} },
    ]);
  });
});
