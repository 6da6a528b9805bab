import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';

import { fixture, type Gateway, MEMORY, nodeServer, startGateway } from './harness.js';

let gw: Gateway | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await gw?.close();
  client = undefined;
  gw = undefined;
});

async function connect(url: string): Promise<Client> {
  const c = new Client({ name: 'startup-test', version: '1.0.0' });
  await c.connect(new StreamableHTTPClientTransport(new URL(url)));
  return c;
}

describe('a client that connects while the gateway is starting', () => {
  it('sees the tools of a server that is still starting instead of an empty list', async () => {
    gw = await startGateway({
      memory: nodeServer(MEMORY),
      slow: nodeServer(fixture('servers/slow-start.mjs'), '1500'),
    });
    // Right after listen: the slow server has not answered initialize yet.
    expect(gw.engine.ctx.supervisor.get('slow')?.state).toBe('starting');
    client = await connect(gw.mcpUrl);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain('slow__echo');
    expect(names).toContain('memory__read_graph');
  });

  it('can call a tool of a server that is still starting', async () => {
    gw = await startGateway({ slow: nodeServer(fixture('servers/slow-start.mjs'), '1500') });
    client = await connect(gw.mcpUrl);
    const result = await client.callTool({ name: 'slow__echo', arguments: { text: 'hi' } });
    expect(JSON.stringify(result.content)).toContain('hi');
  });
});
