import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectHttp, type Gateway, startGateway } from '../lib/gateway.js';
import { nodeServer, ROOT } from '../lib/paths.js';

/**
 * MCP Apps (`io.modelcontextprotocol/ui`) through the gateway, with the extension's own example
 * servers from npm: `ui://` resources and `_meta.ui` pass through, an app's call by its tool's own
 * name resolves when one server has that tool, and app-only tools are callable but not listed to
 * the model on /mcp.
 */
const MONITOR = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-system-monitor/dist/index.js');
const TIME = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-basic-vanillajs/dist/index.js');

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({
    monitor: nodeServer(MONITOR, '--stdio'),
    time: nodeServer(TIME, '--stdio'),
    // A second copy: every monitor tool name is now offered by two servers.
    monitor2: nodeServer(MONITOR, '--stdio'),
  });
  await gw.ready(['monitor', 'time', 'monitor2']);
});

afterAll(async () => {
  await gw?.close();
});

const connect = (url: string) => connectHttp(url, { name: 'apps-host' });

async function direct(script: string): Promise<{ client: Client; close: () => Promise<void> }> {
  const client = new Client({ name: 'apps-host', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [script, '--stdio'], stderr: 'ignore' }),
  );
  return { client, close: () => client.close() };
}

describe('MCP Apps through the gateway', () => {
  it('lists app tools with their _meta.ui on /mcp, and hides app-only tools from the model', async () => {
    const c = await connect(gw.mcpUrl);
    try {
      const { tools } = await c.client.listTools();
      const info = tools.find((t) => t.name === 'monitor__get-system-info');
      expect(info?._meta).toEqual({
        ui: { resourceUri: 'ui://system-monitor/mcp-app.html' },
        'ui/resourceUri': 'ui://system-monitor/mcp-app.html',
      });
      expect(tools.find((t) => t.name === 'time__get-time')?._meta?.['ui']).toEqual({
        resourceUri: 'ui://get-time/mcp-app.html',
      });
      // `poll-system-stats` is marked `_meta.ui.visibility: ["app"]`.
      expect(tools.map((t) => t.name)).not.toContain('monitor__poll-system-stats');
      expect(
        gw.engine.ctx.catalog.tools().find((t) => t.id === 'monitor__poll-system-stats')?.hiddenReason,
      ).toBe('app-only');
    } finally {
      await c.close();
    }
  });

  it('/mcp/<server> lists exactly what the server lists directly, app-only tools included', async () => {
    const d = await direct(MONITOR);
    const c = await connect(`${gw.url}/mcp/monitor`);
    try {
      const viaGateway = await c.client.listTools();
      const directly = await d.client.listTools();
      expect(viaGateway.tools).toEqual(directly.tools);
      expect(viaGateway.tools.map((t) => t.name)).toContain('poll-system-stats');
      expect(await c.client.listResources()).toEqual(await d.client.listResources());
    } finally {
      await c.close();
      await d.close();
    }
  });

  it('serves ui:// resources as the server does', async () => {
    const d = await direct(MONITOR);
    const c = await connect(gw.mcpUrl);
    try {
      const { resources } = await c.client.listResources();
      const app = resources.find((r) => r.uri === 'ui://system-monitor/mcp-app.html');
      expect(app?.mimeType).toBe('text/html;profile=mcp-app');
      const viaGateway = await c.client.readResource({ uri: 'ui://system-monitor/mcp-app.html' });
      const directly = await d.client.readResource({ uri: 'ui://system-monitor/mcp-app.html' });
      expect(viaGateway).toEqual(directly);
      expect(viaGateway.contents[0]?.mimeType).toBe('text/html;profile=mcp-app');
    } finally {
      await c.close();
      await d.close();
    }
  });

  it("resolves an app's call by the tool's own name when one server has it", async () => {
    const c = await connect(gw.mcpUrl);
    try {
      const result = await c.client.callTool({ name: 'get-time', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toMatch(/\d{4}-\d{2}-\d{2}T/);
      const calls = gw.engine.ctx.catalog.recentCalls();
      expect(calls.at(-1)).toMatchObject({ server: 'time', tool: 'get-time', ok: true });
    } finally {
      await c.close();
    }
  });

  it('names the candidates when several servers have a tool of that name', async () => {
    const c = await connect(gw.mcpUrl);
    try {
      const err = await c.client.callTool({ name: 'poll-system-stats', arguments: {} }).then(
        () => undefined,
        (e: unknown) => e as Error & { code?: number },
      );
      expect(err?.code).toBe(-32602);
      expect(err?.message).toContain('"monitor__poll-system-stats"');
      expect(err?.message).toContain('"monitor2__poll-system-stats"');
      // An unknown name stays "unknown tool".
      const unknown = await c.client.callTool({ name: 'no-such-tool', arguments: {} }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(unknown?.message).toMatch(/Unknown tool "no-such-tool"/);
    } finally {
      await c.close();
    }
  });

  it('calls an app-only tool by its gateway name, and by its own name once it is unambiguous', async () => {
    const c = await connect(gw.mcpUrl);
    try {
      const byId = await c.client.callTool({ name: 'monitor__poll-system-stats', arguments: {} });
      expect(byId.isError).toBeFalsy();
      expect(byId.structuredContent).toHaveProperty('memory');

      await gw.engine.ctx.config.update((draft) => {
        delete draft.mcpServers['monitor2'];
      });
      await gw.engine.ctx.supervisor.apply(gw.engine.ctx.config.current());
      for (let i = 0; i < 200 && gw.engine.ctx.catalog.tools().some((t) => t.server === 'monitor2'); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      const byOwnName = await c.client.callTool({ name: 'poll-system-stats', arguments: {} });
      expect(byOwnName.isError).toBeFalsy();
      expect(byOwnName.structuredContent).toHaveProperty('cpu');
      expect(gw.engine.ctx.catalog.recentCalls().at(-1)).toMatchObject({
        server: 'monitor',
        tool: 'poll-system-stats',
      });
    } finally {
      await c.close();
    }
  });
});
