import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectHttp, type Connection, type Gateway, startGateway } from '../lib/gateway.js';
import { EVERYTHING, MEMORY, nodeServer } from '../lib/paths.js';

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({ everything: nodeServer(EVERYTHING), memory: nodeServer(MEMORY) });
  await gw.ready(['everything', 'memory']);
});

afterAll(async () => {
  await gw?.close();
});

function v1Client(url = gw.mcpUrl): Promise<Connection> {
  return connectHttp(url, {
    name: 'legacy-test',
    capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } },
    setup: (client) => {
      client.setRequestHandler(ListRootsRequestSchema, async () => ({
        roots: [{ uri: 'file:///projects/demo', name: 'demo' }],
      }));
      client.setRequestHandler(CreateMessageRequestSchema, async (req) => ({
        role: 'assistant',
        model: 'test-model',
        content: { type: 'text', text: `sampled: ${JSON.stringify(req.params.messages[0]?.content)}` },
      }));
      client.setRequestHandler(ElicitRequestSchema, async () => ({
        action: 'accept',
        content: { name: 'Ada' },
      }));
    },
  });
}

describe('2025-era client over /mcp', () => {
  it('lists prefixed tools from both servers and calls echo', async () => {
    const { client, transport } = await v1Client();
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toContain('everything__echo');
      expect(names).toContain('memory__read_graph');
      expect(names).not.toContain('everything__simulate-research-query'); // needs tasks
      const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'hello' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: hello' }]);
      expect(gw.engine.ctx.catalog.recentCalls().at(-1)).toMatchObject({
        server: 'everything',
        tool: 'echo',
        ok: true,
        client: 'legacy-test',
      });
      expect(
        gw.engine.ctx.sessions.list().some((s) => s.clientName === 'legacy-test' && s.era === 'legacy'),
      ).toBe(true);
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });

  it('relays progress under the client’s own token', async () => {
    const { client } = await v1Client();
    try {
      const progress: number[] = [];
      const result = await client.callTool(
        { name: 'everything__trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
        undefined,
        { onprogress: (p) => progress.push(p.progress) },
      );
      expect(JSON.stringify(result.content)).toContain('completed');
      // The last notification can race the result (a client-side race); most must arrive.
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    } finally {
      await client.close();
    }
  });

  it('completes sampling and elicitation round trips', async () => {
    const { client, transport } = await v1Client();
    try {
      const sampled = await client.callTool({
        name: 'everything__trigger-sampling-request',
        arguments: { prompt: 'hi', maxTokens: 10 },
      });
      expect(JSON.stringify(sampled.content)).toContain('sampled:');
      const elicited = await client.callTool({
        name: 'everything__trigger-elicitation-request',
        arguments: {},
      });
      expect(JSON.stringify(elicited.content)).toContain('Ada');
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });

  it('answers a backend’s roots/list from the calling client', async () => {
    const { client, transport } = await v1Client();
    try {
      const result = await client.callTool({ name: 'everything__get-roots-list', arguments: {} });
      expect(JSON.stringify(result.content)).toContain('file:///projects/demo');
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });

  it('answers 404 for an unknown session id', async () => {
    const res = await fetch(gw.mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'nope',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: -32001 } });
  });

  it('announces list changes when a server is added', async () => {
    const { client, transport } = await v1Client();
    try {
      // A config change and the new server's tools each announce a change; wait for the one that adds it.
      const added = new Promise<string[]>((resolve) =>
        client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
          const names = (await client.listTools()).tools.map((t) => t.name);
          if (names.includes('memory2__read_graph')) {
            resolve(names);
          }
        }),
      );
      await gw.addServer('memory2', nodeServer(MEMORY));
      expect(await added).toContain('memory2__read_graph');
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });
});
