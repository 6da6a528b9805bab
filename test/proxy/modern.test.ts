import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectHttpV2, type Gateway, startGateway } from '../lib/gateway.js';
import { EVERYTHING, MEMORY, nodeServer } from '../lib/paths.js';

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({ everything: nodeServer(EVERYTHING), memory: nodeServer(MEMORY) });
  await gw.ready(['everything', 'memory']);
});

afterAll(async () => {
  await gw?.close();
});

/** A v2 client pinned to 2026-07-28: no sessions, input_required instead of server→client requests. */
async function modernClient(onToolsChanged?: () => void): Promise<Client> {
  return connectHttpV2(gw.mcpUrl, {
    name: 'modern-test',
    options: {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
      capabilities: { sampling: {}, elicitation: { form: {} } },
      ...(onToolsChanged === undefined
        ? {}
        : { listChanged: { tools: { autoRefresh: false, onChanged: () => onToolsChanged() } } }),
    },
    setup(client) {
      client.setRequestHandler('sampling/createMessage', async (req) => ({
        role: 'assistant',
        model: 'test-model',
        content: { type: 'text', text: `modern sampled: ${JSON.stringify(req.params.messages[0]?.content)}` },
      }));
      client.setRequestHandler('elicitation/create', async () => ({
        action: 'accept',
        content: { name: 'Grace' },
      }));
    },
  });
}

describe('2026-07-28 client over /mcp', () => {
  it('negotiates the modern era, lists prefixed tools and calls echo', async () => {
    const client = await modernClient();
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toContain('everything__echo');
      expect(names).toContain('memory__create_entities');
      const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'modern' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: modern' }]);
    } finally {
      await client.close();
    }
  });

  it('relays progress', async () => {
    const client = await modernClient();
    try {
      const progress: number[] = [];
      await client.callTool(
        { name: 'everything__trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
        { onprogress: (p) => progress.push(p.progress) },
      );
      expect(progress.length).toBeGreaterThanOrEqual(2);
    } finally {
      await client.close();
    }
  });

  it('bridges a backend’s sampling and elicitation requests through input_required rounds', async () => {
    const client = await modernClient();
    try {
      const sampled = await client.callTool({
        name: 'everything__trigger-sampling-request',
        arguments: { prompt: 'hey', maxTokens: 10 },
      });
      expect(JSON.stringify(sampled.content)).toContain('modern sampled:');
      const elicited = await client.callTool({
        name: 'everything__trigger-elicitation-request',
        arguments: {},
      });
      expect(JSON.stringify(elicited.content)).toContain('Grace');
    } finally {
      await client.close();
    }
  });

  it('hears about a new server on its listen stream', async () => {
    let resolveChanged: () => void = () => undefined;
    const changed = new Promise<void>((r) => {
      resolveChanged = r;
    });
    const client = await modernClient(() => resolveChanged());
    try {
      await gw.addServer('memory3', nodeServer(MEMORY));
      await changed;
      await gw.ready(['memory3']);
      const { tools } = await client.listTools({}, { cacheMode: 'bypass' } as never);
      expect(tools.map((t) => t.name)).toContain('memory3__read_graph');
    } finally {
      await client.close();
    }
  });
});
