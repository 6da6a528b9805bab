import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';

import { connectHttp, type Gateway, startGateway } from '../lib/gateway.js';
import { fixture, MEMORY, nodeServer } from '../lib/paths.js';

let gw: Gateway | undefined;
let client: Client | undefined;
let dir: string | undefined;
afterEach(async () => {
  await client?.close();
  await gw?.close();
  client = undefined;
  gw = undefined;
  if (dir !== undefined) {
    rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  }
});

/** A server that stays `starting` until `release()` (steps cannot race on a loaded machine). */
function slowServer() {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-startup-'));
  const file = path.join(dir, 'release');
  return {
    server: nodeServer(fixture('servers/slow-start.mjs'), '0', file),
    release: () => writeFileSync(file, ''),
  };
}

async function connect(url: string): Promise<Client> {
  return (await connectHttp(url, { name: 'startup-test' })).client;
}

describe('a client that connects while the gateway is starting', () => {
  it('sees the tools of a server that is still starting instead of an empty list', async () => {
    const slow = slowServer();
    gw = await startGateway({ memory: nodeServer(MEMORY), slow: slow.server });
    // Right after listen: the slow server has not answered initialize yet.
    expect(gw.engine.ctx.supervisor.get('slow')?.state).toBe('starting');
    client = await connect(gw.mcpUrl);
    const listing = client.listTools();
    expect(gw.engine.ctx.supervisor.get('slow')?.state).toBe('starting');
    slow.release();
    const { tools } = await listing;
    const names = tools.map((t) => t.name);
    expect(names).toContain('slow__echo');
    expect(names).toContain('memory__read_graph');
  });

  it('can call a tool of a server that is still starting', async () => {
    const slow = slowServer();
    gw = await startGateway({ slow: slow.server });
    client = await connect(gw.mcpUrl);
    const calling = client.callTool({ name: 'slow__echo', arguments: { text: 'hi' } });
    expect(gw.engine.ctx.supervisor.get('slow')?.state).toBe('starting');
    slow.release();
    const result = await calling;
    expect(JSON.stringify(result.content)).toContain('hi');
  });
});
