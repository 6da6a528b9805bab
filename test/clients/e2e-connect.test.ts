import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEngineClientManager } from '../../src-main/engine/api/clients-routes.js';
import type { ClientManager } from '../../src-main/engine/clients/index.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { nodeServer } from '../lib/paths.js';
import { MEMORY, place, type TempHome, tempHome } from './helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REGISTER = path.join(HERE, '..', 'supervisor', 'ts-register.mjs');
const CLI = path.join(HERE, 'cli-main.ts');

let h: TempHome;
let gw: Gateway;
let manager: ClientManager;

beforeAll(async () => {
  h = await tempHome();
  // Client tokens on, as a user has them: the entries written to a client's file carry one.
  const dir = path.dirname(h.dataDir);
  gw = await startGateway({ memory: nodeServer(MEMORY) }, { clientAuth: 'required' }, { dir });
  const engine = gw.engine;
  manager = createEngineClientManager(engine.ctx, {
    gatewayUrl: () => engine.mcpUrl,
    // The same command line a user's machine gets: node running `mcp-gateway stdio`.
    bridgeCommand: { command: process.execPath, args: ['--import', REGISTER, CLI, 'stdio'] },
    env: { HOME: h.home },
    platform: process.platform,
  });
});

afterAll(async () => {
  await gw?.close();
  await h?.cleanup();
});

async function waitForTools(client: Client): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const { tools } = await client.listTools();
    if (tools.length > 0) {
      return tools.map((t) => t.name);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

describe('a connected client reaches the gateway', () => {
  it('Claude Desktop: the entry written to its file starts the stdio bridge and serves the gateway tools', async () => {
    const file = path.join(
      h.home,
      process.platform === 'darwin' ? 'Library/Application Support/Claude' : '.config/Claude',
      'claude_desktop_config.json',
    );
    await place(file, 'claude-desktop/crlf-tabs.json');
    await manager.connect('claude-desktop');
    const entry = (
      JSON.parse(await readFile(file, 'utf8')) as {
        mcpServers: Record<string, { command: string; args: string[] }>;
      }
    ).mcpServers['mcp-gateway'];
    expect(entry).toBeDefined();
    const transport = new StdioClientTransport({
      command: entry?.command ?? '',
      args: entry?.args ?? [],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'claude-ai', version: '0.14.0' });
    await client.connect(transport);
    try {
      expect(await waitForTools(client)).toContain('memory__read_graph');
      const status = (await manager.status()).find((s) => s.id === 'claude-desktop');
      expect(status).toMatchObject({ connected: true, seen: true });
    } finally {
      await client.close();
    }
  });

  it('Cursor: the URL written to its file is the gateway endpoint', async () => {
    const file = path.join(h.home, '.cursor', 'mcp.json');
    await place(file, 'cursor/mcp.json');
    await manager.connect('cursor');
    const entry = (
      JSON.parse(await readFile(file, 'utf8')) as {
        mcpServers: Record<string, { url: string; headers?: Record<string, string> }>;
      }
    ).mcpServers['mcp-gateway'];
    expect(entry?.headers?.['Authorization']).toMatch(/^Bearer mcpgw_/);
    const client = new Client({ name: 'cursor-vscode', version: '1.0.0' });
    // What Cursor sends: the URL and the headers of the entry.
    await client.connect(
      new StreamableHTTPClientTransport(new URL(entry?.url ?? ''), {
        requestInit: { headers: entry?.headers },
      }),
    );
    try {
      expect(await waitForTools(client)).toContain('memory__read_graph');
      expect((await manager.status()).find((s) => s.id === 'cursor')).toMatchObject({
        connected: true,
        seen: true,
      });
    } finally {
      await client.close();
    }
  });
});
