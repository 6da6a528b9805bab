import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import {
  CreateMessageRequestSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mountContextRoutes } from '../../src-main/engine/api/context-routes.js';
import { apiErrorHandler } from '../../src-main/engine/api/errors.js';
import { countToolTokens, META_TOOL_NAMES } from '../../src-main/engine/context/index.js';
import {
  CONTEXT_ROUTES,
  type ContextPreview,
  type ContextReport,
  type ContextSearch,
} from '../../src-shared/api/context.js';
import { buildOpenApi } from '../../src-shared/api/openapi.js';
import { connectHttp, type Connection, type Gateway, startGateway } from '../lib/gateway.js';
import { EVERYTHING, MEMORY, nodeServer } from '../lib/paths.js';

let gw: Gateway;
let api: http.Server;
let apiUrl: string;

beforeAll(async () => {
  gw = await startGateway({ everything: nodeServer(EVERYTHING), memory: nodeServer(MEMORY) });
  await gw.ready(['everything', 'memory']);
  // The context routes on their own router, exactly as the control plane mounts route arrays.
  const app = express();
  const router = express.Router();
  router.use(express.json());
  mountContextRoutes(router, gw.engine.ctx);
  router.use(apiErrorHandler(gw.engine.ctx.logger, () => 1_000_000));
  app.use('/api/v1', router);
  api = http.createServer(app);
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
  await gw?.close();
});

function client(url: string): Promise<Connection> {
  return connectHttp(url, {
    name: 'context-test',
    capabilities: { sampling: {} },
    setup: (c) =>
      c.setRequestHandler(CreateMessageRequestSchema, async (req) => ({
        role: 'assistant',
        model: 'test-model',
        content: { type: 'text', text: `sampled: ${JSON.stringify(req.params.messages[0]?.content)}` },
      })),
  });
}

type Outcome = { result: unknown } | { error: { code: unknown; message: string } };

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    return { result: await p };
  } catch (e) {
    const err = e as { code?: unknown; message: string };
    return { error: { code: err.code, message: err.message } };
  }
}

describe('meta mode through the real gateway', () => {
  let direct: Awaited<ReturnType<typeof client>>;
  let meta: Awaited<ReturnType<typeof client>>;

  beforeAll(async () => {
    direct = await client(gw.mcpUrl);
    meta = await client(`${gw.mcpUrl}?mode=meta`);
  });
  afterAll(async () => {
    await direct?.close();
    await meta?.close();
  });

  const viaMeta = (
    id: string,
    args: Record<string, unknown>,
    options?: { onprogress: (p: { progress: number }) => void },
  ) =>
    meta.client.callTool(
      { name: META_TOOL_NAMES.call, arguments: { id, arguments: args } },
      undefined,
      options,
    );

  it('learns from use: a search then a call of its result lifts that tool, saved in the data folder', async () => {
    const ask = async (): Promise<string> => {
      const r = await meta.client.callTool({
        name: META_TOOL_NAMES.search,
        arguments: { query: 'everything you have memorised' },
      });
      return JSON.stringify(r.content);
    };
    const before = await ask();
    expect(before).toContain('memory__read_graph');
    expect(before).not.toContain('used before');
    await viaMeta('memory__read_graph', {});
    const after = await ask();
    const line = JSON.parse(after)[0]
      .text.split('\n')
      .find((l: string) => l.startsWith('memory__read_graph'));
    expect(line).toContain('used before');
    const file = path.join(gw.engine.ctx.paths.dataDir, 'search-memory.json');
    // Written shortly after the change; bounded wait.
    for (let i = 0; i < 100 && !existsSync(file); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { entries: { tool: string }[] };
    expect(saved.entries.map((e) => e.tool)).toContain('memory__read_graph');
  });

  it('lists only the meta tools, under 500 tokens', async () => {
    const { tools } = await meta.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(Object.values(META_TOOL_NAMES));
    const tokens = tools.reduce((n, t) => n + countToolTokens(t as Parameters<typeof countToolTokens>[0]), 0);
    expect(tokens).toBeLessThan(500);
  });

  it('finds a tool and calls it with the same result as a direct call', async () => {
    const found = await meta.client.callTool({
      name: META_TOOL_NAMES.search,
      arguments: { query: 'add two numbers' },
    });
    expect(JSON.stringify(found.content)).toContain('everything__get-sum');
    expect(JSON.stringify(found.content)).toContain('required: a: number, b: number');

    const d = await direct.client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3 } });
    const m = await viaMeta('everything__get-sum', { a: 2, b: 3 });
    expect(m).toEqual(d);

    const ds = await direct.client.callTool({
      name: 'everything__get-structured-content',
      arguments: { location: 'New York' },
    });
    const ms = await viaMeta('everything__get-structured-content', { location: 'New York' });
    expect(ms.structuredContent).toEqual(ds.structuredContent);
    expect(ms.content).toEqual(ds.content);
  });

  it('fails the same way as a direct call for bad arguments', async () => {
    const d = await outcome(
      direct.client.callTool({ name: 'everything__get-sum', arguments: { a: 'x', b: 1 } }),
    );
    const m = await outcome(viaMeta('everything__get-sum', { a: 'x', b: 1 }));
    expect(m).toEqual(d);
    // Whichever way the backend reports it, it is reported as a failure.
    expect('error' in d || (d.result as { isError?: boolean }).isError === true).toBe(true);
  });

  it('relays progress through the meta call', async () => {
    const direct_: number[] = [];
    const meta_: number[] = [];
    const args = { duration: 1, steps: 4 };
    const d = await direct.client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: args },
      undefined,
      {
        onprogress: (p) => direct_.push(p.progress),
      },
    );
    const m = await viaMeta('everything__trigger-long-running-operation', args, {
      onprogress: (p) => meta_.push(p.progress),
    });
    expect(m).toEqual(d);
    // The last notification can race the result on the client side; most must arrive, in order.
    expect(meta_.length).toBeGreaterThanOrEqual(2);
    expect([...meta_].sort((a, b) => a - b)).toEqual(meta_);
  });

  it('routes sampling raised during a meta call back to the calling session', async () => {
    const m = await viaMeta('everything__trigger-sampling-request', { prompt: 'hi', maxTokens: 10 });
    expect(JSON.stringify(m.content)).toContain('sampled:');
  });

  it('describes a tool in full and refuses unknown ids helpfully', async () => {
    const r = await meta.client.callTool({
      name: META_TOOL_NAMES.describe,
      arguments: { id: 'memory__create_entities' },
    });
    const def = JSON.parse((r.content as { text: string }[])[0]?.text ?? '{}') as {
      name: string;
      inputSchema: unknown;
    };
    expect(def.name).toBe('memory__create_entities');
    expect(JSON.stringify(def.inputSchema)).toContain('entityType');
    const bad = await outcome(viaMeta('nope__x', {}));
    expect(JSON.stringify(bad)).toContain('gateway__search_tools');
  });
});

describe('controls applied through the config', () => {
  it('re-selects on a config change and tells clients (list_changed)', async () => {
    const c = await client(gw.mcpUrl);
    try {
      expect((await c.client.listTools()).tools.map((t) => t.name)).toContain('everything__echo');
      const changed = new Promise<string[]>((resolve) =>
        c.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
          const names = (await c.client.listTools()).tools.map((t) => t.name);
          if (
            !names.includes('everything__echo') &&
            names.filter((n) => n.startsWith('memory__')).length === 2
          ) {
            resolve(names);
          }
        }),
      );
      await gw.engine.ctx.config.update((draft) => {
        const e = draft.mcpServers['everything'];
        const m = draft.mcpServers['memory'];
        if (e !== undefined && m !== undefined) {
          e.tools = { disabled: ['echo'] };
          m.tools = { maxTools: 2 };
        }
      });
      const names = await changed;
      expect(names.filter((n) => n.startsWith('memory__'))).toEqual([
        'memory__create_entities',
        'memory__create_relations',
      ]);
      const echo = gw.engine.ctx.catalog.tools().find((t) => t.id === 'everything__echo');
      expect(echo).toMatchObject({ visible: false, hiddenReason: 'disabled' });
    } finally {
      await gw.engine.ctx.config.update((draft) => {
        for (const s of Object.values(draft.mcpServers)) {
          delete s.tools;
        }
      });
      await c.close();
    }
  });
});

describe('compaction through the real gateway', () => {
  it('serves compacted definitions that cost fewer tokens and accept the same arguments', async () => {
    const c = await client(gw.mcpUrl);
    try {
      const before = (await c.client.listTools()).tools;
      const changed = new Promise<void>((resolve) =>
        c.client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
      );
      await gw.engine.ctx.config.update((draft) => {
        draft.gateway['compaction'] = true;
      });
      await changed;
      const after = (await c.client.listTools()).tools;
      expect(after.map((t) => t.name)).toEqual(before.map((t) => t.name));
      const cost = (list: typeof before) =>
        list.reduce((n, t) => n + countToolTokens(t as Parameters<typeof countToolTokens>[0]), 0);
      expect(cost(after)).toBeLessThan(cost(before));
      expect(after.every((t) => !('$schema' in t.inputSchema))).toBe(true);
      const r = await c.client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 2 } });
      expect(JSON.stringify(r.content)).toContain('3');
    } finally {
      await gw.engine.ctx.config.update((draft) => {
        delete draft.gateway['compaction'];
      });
      await c.close();
    }
  });
});

describe('context API', () => {
  async function get<T>(path: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${apiUrl}${path}`);
    return { status: res.status, body: (await res.json()) as T };
  }

  it('GET /context reports tokens per tool, per server and in total, matching the catalog', async () => {
    const { status, body } = await get<ContextReport>('/context');
    expect(status).toBe(200);
    expect(body.tokenizer).toBe('o200k_base');
    const catalog = gw.engine.ctx.catalog.tools();
    expect(body.tools.map((t) => t.id)).toEqual(catalog.map((t) => t.id));
    for (const t of body.tools) {
      const c = catalog.find((x) => x.id === t.id);
      expect(t.tokens).toBe(c?.tokens);
      expect(t.visible).toBe(c?.visible);
    }
    const sum = body.servers.reduce((n, s) => n + s.tokens, 0);
    expect(body.totals.visibleTokens).toBe(sum);
    expect(body.totals.contextTokens).toBe(body.totals.visibleTokens);
    expect(body.totals.metaTokens).toBeLessThan(500);
  });

  it('POST /context/preview shows the effect of a change without applying it', async () => {
    const before = JSON.stringify(gw.engine.ctx.config.current());
    const res = await fetch(`${apiUrl}/context/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ servers: { memory: { deny: ['delete_*'] } }, gateway: { compaction: true } }),
    });
    expect(res.status).toBe(200);
    const p = (await res.json()) as ContextPreview;
    expect(p.changed.map((c) => c.id).sort()).toEqual([
      'memory__delete_entities',
      'memory__delete_observations',
      'memory__delete_relations',
    ]);
    expect(p.changed[0]?.after).toEqual({ visible: false, hiddenReason: 'denied' });
    expect(p.delta.visibleTools).toBe(-3);
    expect(p.delta.visibleTokens).toBeLessThan(0);
    expect(p.proposed.compaction).toBe(true);
    expect(JSON.stringify(gw.engine.ctx.config.current())).toBe(before);

    const meta = await fetch(`${apiUrl}/context/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ gateway: { mode: 'meta' } }),
    });
    const m = (await meta.json()) as ContextPreview;
    expect(m.proposed.totals.contextTokens).toBe(m.proposed.totals.metaTokens);
    expect(m.delta.contextTokens).toBeLessThan(0);
  });

  it('rejects a preview for an unknown server, saying what to do', async () => {
    const res = await fetch(`${apiUrl}/context/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ servers: { ghost: { deny: ['*'] } } }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      code: 'SERVER_NOT_FOUND',
      message: expect.stringContaining('servers list'),
    });
  });

  it('GET /context/search ranks tools', async () => {
    const { status, body } = await get<ContextSearch>(
      '/context/search?q=knowledge%20graph%20entities&limit=3',
    );
    expect(status).toBe(200);
    expect(body.results).toHaveLength(3);
    expect(body.results.every((r) => r.server === 'memory')).toBe(true);
    const empty = await get<{ code: string; message: string }>('/context/search?q=');
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('q is required');
  });

  it('documents the routes in OpenAPI', () => {
    const doc = buildOpenApi(CONTEXT_ROUTES, { version: 'test' }) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/context',
      '/api/v1/context/preview',
      '/api/v1/context/search',
      '/api/v1/search/embeddings',
      '/api/v1/search/embeddings/test',
    ]);
  });

  it('is served by the gateway control API behind the admin token', async () => {
    const url = `${gw.url}/api/v1/context/search?q=read%20graph&limit=1`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${gw.engine.token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as ContextSearch).results[0]?.id).toBe('memory__read_graph');
  });
});
