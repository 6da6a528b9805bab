/**
 * Pieces the catalog's unit tests share: a real MCP server and a real gateway-side Client linked
 * by the SDK's in-memory pair, and the catalog settings for a set of servers.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { McpServer } from '@modelcontextprotocol/server';

import type { CatalogSettings } from '../../src-main/engine/catalog/settings.js';
import type { ServerConfig } from '../../src-shared/config.js';

/**
 * Connect `client` (by default a plain gateway Client) to `mcp` over the in-memory pair. The
 * caller runs `close()` after the test: it closes the client, then the server.
 */
export async function linkInMemory(
  mcp: McpServer,
  client: Client = new Client({ name: 'gateway', version: '1.0.0' }),
): Promise<{ client: Client; close(): Promise<void> }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcp.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    close: async () => {
      await client.close();
      await mcp.close();
    },
  };
}

/** The catalog's settings for these servers, in this order, with the defaults a test needs. */
export function catalogSettings(
  servers: Record<string, ServerConfig>,
  overrides: Partial<CatalogSettings> = {},
): CatalogSettings {
  return {
    separator: '__',
    maxCallMs: 60_000,
    listTimeoutMs: 30_000,
    servers: new Map(Object.entries(servers)),
    order: Object.keys(servers),
    global: { compaction: false },
    ...overrides,
  };
}
