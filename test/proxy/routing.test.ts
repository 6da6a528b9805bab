import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EXPOSED_NAME_PATTERN } from '../../src-shared/names.js';
import { connectHttp, type Gateway, startGateway } from '../lib/gateway.js';
import { postInitialize } from '../lib/http.js';
import { EVERYTHING, fixture, nodeServer } from '../lib/paths.js';

const HUGE = fixture('servers/huge-tool-list.mjs');

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({
    everything: nodeServer(EVERYTHING),
    // 250 tools served in pages of 100: the catalog must walk every page.
    huge: nodeServer(HUGE, '250', '100'),
    // "dup.x" and "dup_x" both sanitise to "dup_x__…": names must still be unique.
    'dup.x': nodeServer(HUGE, '3', '0'),
    dup_x: nodeServer(HUGE, '3', '0'),
  });
  await gw.ready(['everything', 'huge', 'dup.x', 'dup_x']);
});

afterAll(async () => {
  await gw?.close();
});

const connect = (url: string) => connectHttp(url, { name: 'routing-test' });

function sorted(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

async function allTools(client: Client): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    names.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
    if (cursor === undefined) {
      break;
    }
  }
  return names;
}

describe('routing', () => {
  it('collects every page of a paginated backend and keeps names valid and unique', async () => {
    const { client, close } = await connect(gw.mcpUrl);
    try {
      const names = await allTools(client);
      expect(names.filter((n) => n.startsWith('huge__'))).toHaveLength(250);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) {
        expect(n).toMatch(EXPOSED_NAME_PATTERN);
      }
      const dup = names.filter((n) => n.startsWith('dup_x__tool_0000'));
      expect(dup).toHaveLength(2);
      // Both colliding tools reach their own server.
      for (const name of dup) {
        const target = gw.engine.ctx.catalog.tools().find((t) => t.id === name);
        const result = await client.callTool({ name, arguments: { query: 'q' } });
        expect(result.content).toEqual([{ type: 'text', text: `tool_0000 {"query":"q"}` }]);
        expect(gw.engine.ctx.catalog.recentCalls().at(-1)?.server).toBe(target?.server);
      }
      expect(new Set(dup.map((n) => gw.engine.ctx.catalog.tools().find((t) => t.id === n)?.server))).toEqual(
        new Set(['dup.x', 'dup_x']),
      );
    } finally {
      await close();
    }
  });

  it('serves one server unprefixed on /mcp/<server>', async () => {
    const { client, close } = await connect(`${gw.mcpUrl}/everything`);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('echo');
      expect(tools.some((t) => t.name.startsWith('huge'))).toBe(false);
      const result = await client.callTool({ name: 'echo', arguments: { message: 'direct' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: direct' }]);
    } finally {
      await close();
    }
  });

  it('answers 404 with a clear message for an unknown server', async () => {
    const res = await postInitialize(`${gw.mcpUrl}/nope`, 'x');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('no server named "nope"');
  });

  it('passes tool results through unchanged, structuredContent included', async () => {
    const { client, close } = await connect(gw.mcpUrl);
    try {
      const result = await client.callTool({
        name: 'everything__get-structured-content',
        arguments: { location: 'Chicago' },
      });
      expect(result.structuredContent).toBeDefined();
      const { tools } = await client.listTools();
      expect(tools.find((t) => t.name === 'everything__get-structured-content')?.outputSchema).toBeDefined();
    } finally {
      await close();
    }
  });

  it('matches a direct connection byte for byte (sorted keys) on /mcp/<server>', async () => {
    const direct = new Client({ name: 'routing-test', version: '1.0.0' });
    await direct.connect(
      new StdioClientTransport({ command: process.execPath, args: [EVERYTHING], stderr: 'ignore' }),
    );
    const { client, close } = await connect(`${gw.mcpUrl}/everything`);
    try {
      // The direct client declares no sampling/elicitation/roots, so it sees fewer tools: compare the common ones.
      const directAll = (await direct.listTools()).tools;
      const viaGateway = (await client.listTools()).tools.filter((g) =>
        directAll.some((t) => t.name === g.name),
      );
      const directTools = directAll.filter((t) => viaGateway.some((g) => g.name === t.name));
      expect(viaGateway.length).toBeGreaterThan(10);
      expect(sorted(viaGateway)).toBe(sorted(directTools));
      const args = { name: 'get-structured-content', arguments: { location: 'New York' } };
      expect(sorted(await client.callTool(args))).toBe(sorted(await direct.callTool(args)));
    } finally {
      await close();
      await direct.close();
    }
  });

  it('serves old HTTP+SSE clients on /sse', async () => {
    const client = new Client({ name: 'sse-test', version: '1.0.0' });
    const transport = new SSEClientTransport(new URL(`${gw.url}/sse`));
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('everything__echo');
      const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'old' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: old' }]);
      expect(gw.engine.ctx.sessions.list().find((s) => s.clientName === 'sse-test')?.transport).toBe('sse');
    } finally {
      await client.close();
    }
  });

  it('refuses a foreign Origin or Host with 403', async () => {
    const init = {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        origin: 'http://evil.example',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    };
    expect((await fetch(gw.mcpUrl, init)).status).toBe(403);
  });

  it('offers the meta tools on /mcp?mode=meta and runs tools through them', async () => {
    const { client, close } = await connect(`${gw.mcpUrl}?mode=meta`);
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toContain('gateway__search_tools');
      expect(names).not.toContain('everything__echo');
      const found = await client.callTool({
        name: 'gateway__search_tools',
        arguments: { query: 'echo message' },
      });
      expect(JSON.stringify(found.content)).toContain('everything__echo');
      const called = await client.callTool({
        name: 'gateway__call_tool',
        arguments: { id: 'everything__echo', arguments: { message: 'meta' } },
      });
      expect(called.content).toEqual([{ type: 'text', text: 'Echo: meta' }]);
    } finally {
      await close();
    }
  });
});
