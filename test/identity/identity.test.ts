import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectHttp, type Gateway, startGateway } from '../lib/gateway.js';
import { rawRequest } from '../lib/http.js';
import { EVERYTHING, fixture, MEMORY, nodeServer } from '../lib/paths.js';

/**
 * Client tokens and profiles over real HTTP: the gateway with client auth on (the default),
 * real servers behind it, SDK clients and raw requests in front.
 */

let gw: Gateway;
const tokens: Record<string, string> = {};

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

beforeAll(async () => {
  gw = await startGateway(
    {
      everything: nodeServer(EVERYTHING),
      memory: nodeServer(MEMORY),
      intruder: nodeServer(fixture('servers/calls-back-gateway.mjs')),
    },
    {
      clientAuth: 'required',
      profiles: {
        coding: { servers: ['everything'], deny: ['everything__get*'] },
        graph: { servers: ['memory'], mode: 'meta' },
        slow: { rateLimit: { requestsPerMinute: 3 } },
      },
    },
  );
  await gw.ready(['everything', 'memory', 'intruder']);
  const identity = gw.engine.ctx.identity!;
  for (const [name, profile] of [
    ['claude', 'default'],
    ['cursor', 'coding'],
    ['ci-agent', 'graph'],
    ['chatty', 'slow'],
  ] as const) {
    tokens[name] = (await identity.create(name, profile)).token;
  }
});

afterAll(async () => {
  await gw?.close();
});

async function client(token: string | undefined, url = gw.mcpUrl, name = 'test-client') {
  const headers = token === undefined ? undefined : { authorization: `Bearer ${token}` };
  const { client: c, close } = await connectHttp(url, { name, headers });
  return { c, close };
}

function text(result: unknown): string {
  return ((result as { content: { text: string }[] }).content[0]?.text ?? '') as string;
}

describe('without a valid client token', () => {
  it.each(['/mcp', '/mcp/memory', '/mcp?mode=meta'])(
    'POST %s answers 401 with WWW-Authenticate and how to get a token',
    async (p) => {
      const r = await rawRequest(gw.url, { method: 'POST', path: p, headers: MCP_HEADERS, body: INIT });
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Bearer realm="mcp-gateway"$/);
      const body = r.json() as { jsonrpc: string; error: { code: number; message: string } };
      expect(body.jsonrpc).toBe('2.0');
      expect(body.error.message).toContain('requires a client token');
      expect(body.error.message).toContain('mcp-gateway clients tokens create');
      expect(body.error.message).toContain('Authorization: Bearer');
    },
  );

  it('GET /sse and POST /messages answer 401 too', async () => {
    const sse = await rawRequest(gw.url, { path: '/sse', headers: { accept: 'text/event-stream' } });
    expect(sse.status).toBe(401);
    expect(sse.headers['www-authenticate']).toContain('Bearer');
    const messages = await rawRequest(gw.url, {
      method: 'POST',
      path: '/messages?sessionId=x',
      headers: MCP_HEADERS,
      body: INIT,
    });
    expect(messages.status).toBe(401);
  });

  it('a wrong token and the admin token are refused with invalid_token', async () => {
    const wrong = await rawRequest(gw.url, {
      method: 'POST',
      path: '/mcp',
      headers: { ...MCP_HEADERS, authorization: 'Bearer mcpgw_not-a-real-token' },
      body: INIT,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((wrong.json() as { error: { message: string } }).error.message).toContain(
      'unknown or was revoked',
    );
    const admin = await rawRequest(gw.url, {
      method: 'POST',
      path: '/mcp',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${gw.engine.token}` },
      body: INIT,
    });
    expect(admin.status).toBe(401);
    expect((admin.json() as { error: { message: string } }).error.message).toContain(
      'admin token is for the control API only',
    );
  });

  it('the SDK client fails to connect', async () => {
    await expect(client(undefined)).rejects.toThrow();
  });

  it('a stdio server run by the gateway cannot call another server’s tool through /mcp', async () => {
    const { c, close } = await client(tokens['claude']);
    try {
      const result = await c.callTool({
        name: 'intruder__reach',
        arguments: { url: gw.mcpUrl, tool: 'memory__create_entities' },
      });
      const seen = JSON.parse(text(result)) as {
        initialize: { status: number; wwwAuthenticate: string; session: string | null };
        call: { status: number };
      };
      expect(seen.initialize.status).toBe(401);
      expect(seen.initialize.wwwAuthenticate).toContain('Bearer');
      expect(seen.initialize.session).toBeNull();
      expect(seen.call.status).toBe(401);
      // Only the tool call the test itself made reached a backend.
      expect(gw.engine.ctx.catalog.recentCalls().filter((r) => r.server === 'memory')).toHaveLength(0);
    } finally {
      await close();
    }
  });
});

describe('with a client token', () => {
  it('lists and calls everything on the default profile; calls and sessions carry the token name', async () => {
    const { c, close } = await client(tokens['claude'], gw.mcpUrl, 'claude-code');
    try {
      const names = (await c.listTools()).tools.map((t) => t.name);
      expect(names).toContain('everything__echo');
      expect(names).toContain('memory__read_graph');
      const result = await c.callTool({ name: 'everything__echo', arguments: { message: 'hi' } });
      expect(text(result)).toBe('Echo: hi');
      expect(gw.engine.ctx.catalog.recentCalls().at(-1)).toMatchObject({
        server: 'everything',
        tool: 'echo',
        client: 'claude',
        profile: 'default',
        ok: true,
      });
      const session = gw.engine.ctx.sessions.list().find((s) => s.client === 'claude');
      expect(session).toMatchObject({ clientName: 'claude-code', client: 'claude', profile: 'default' });
      const opened = gw.events.find((e) => e.type === 'session.opened' && e.session.client === 'claude');
      expect(opened).toBeDefined();
    } finally {
      await close();
    }
  });

  it('stores only a hash of each token', () => {
    const file = readFileSync(path.join(gw.dir, 'data', 'client-tokens.json'), 'utf8');
    for (const t of Object.values(tokens)) {
      expect(file).not.toContain(t);
      expect(t).toMatch(/^mcpgw_[A-Za-z0-9_-]{43}$/);
    }
    expect(JSON.parse(file).tokens.map((r: { name: string }) => r.name)).toEqual([
      'claude',
      'cursor',
      'ci-agent',
      'chatty',
    ]);
  });

  it('a session refuses a request that carries another client’s token', async () => {
    const init = await rawRequest(gw.url, {
      method: 'POST',
      path: '/mcp',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${tokens['claude']}` },
      body: INIT,
    });
    expect(init.status).toBe(200);
    const session = init.headers['mcp-session-id'] as string;
    const other = await rawRequest(gw.url, {
      method: 'POST',
      path: '/mcp',
      headers: { ...MCP_HEADERS, 'mcp-session-id': session, authorization: `Bearer ${tokens['cursor']}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(other.status).toBe(403);
    expect((other.json() as { error: { message: string } }).error.message).toContain('another client token');
  });
});

describe('profiles', () => {
  it('profile A cannot list, call or address servers outside A on /mcp and /mcp/<server>', async () => {
    const { c, close } = await client(tokens['cursor']);
    try {
      const names = (await c.listTools()).tools.map((t) => t.name);
      expect(names).toContain('everything__echo');
      expect(names.some((n) => n.startsWith('memory__'))).toBe(false);
      expect(names.some((n) => n.startsWith('everything__get'))).toBe(false);
      await expect(c.callTool({ name: 'memory__read_graph', arguments: {} })).rejects.toThrow(
        /Unknown tool "memory__read_graph"/,
      );
      await expect(c.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 2 } })).rejects.toThrow(
        /Unknown tool/,
      );
      expect((await c.listResources()).resources.length).toBeGreaterThan(0);
    } finally {
      await close();
    }
    const passthrough = await rawRequest(gw.url, {
      method: 'POST',
      path: '/mcp/memory',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${tokens['cursor']}` },
      body: INIT,
    });
    expect(passthrough.status).toBe(404);
    expect((passthrough.json() as { error: { message: string } }).error.message).toContain(
      'There is no server named "memory"',
    );
    const own = await client(tokens['cursor'], `${gw.url}/mcp/everything`);
    try {
      const names = (await own.c.listTools()).tools.map((t) => t.name);
      expect(names).toContain('echo');
      expect(names).not.toContain('get-sum');
      await expect(own.c.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })).rejects.toThrow(
        /Unknown tool/,
      );
    } finally {
      await own.close();
    }
  });

  it('profile A sees only its tools through /sse', async () => {
    const c = new V1Client({ name: 'sse-client', version: '1.0.0' });
    const transport = new SSEClientTransport(new URL(`${gw.url}/sse`), {
      requestInit: { headers: { authorization: `Bearer ${tokens['cursor']}` } },
      eventSourceInit: {
        fetch: (url, init) =>
          fetch(url, {
            ...init,
            headers: {
              ...(init?.headers as Record<string, string>),
              authorization: `Bearer ${tokens['cursor']}`,
            },
          }),
      },
    });
    await c.connect(transport);
    try {
      const names = (await c.listTools()).tools.map((t) => t.name);
      expect(names).toContain('everything__echo');
      expect(names.some((n) => n.startsWith('memory__'))).toBe(false);
      await expect(c.callTool({ name: 'memory__read_graph', arguments: {} })).rejects.toThrow(/Unknown tool/);
    } finally {
      await c.close();
    }
  });

  it('meta tools list, search, describe and call only inside the profile', async () => {
    // `graph` is a meta-mode profile of the memory server only.
    const { c, close } = await client(tokens['ci-agent']);
    try {
      const names = (await c.listTools()).tools.map((t) => t.name);
      expect(names).toEqual([
        'gateway__list_servers',
        'gateway__search_tools',
        'gateway__describe_tool',
        'gateway__call_tool',
      ]);
      expect(text(await c.callTool({ name: 'gateway__list_servers', arguments: {} }))).not.toContain(
        'everything',
      );
      const found = text(
        await c.callTool({ name: 'gateway__search_tools', arguments: { query: 'echo message' } }),
      );
      expect(found).not.toContain('everything__');
      const graph = text(
        await c.callTool({ name: 'gateway__search_tools', arguments: { query: 'read graph' } }),
      );
      expect(graph).toContain('memory__read_graph');
      await expect(
        c.callTool({ name: 'gateway__describe_tool', arguments: { id: 'everything__echo' } }),
      ).rejects.toThrow(/unknown tool id/);
      await expect(
        c.callTool({
          name: 'gateway__call_tool',
          arguments: { id: 'everything__echo', arguments: { message: 'x' } },
        }),
      ).rejects.toThrow(/unknown tool id/);
      await expect(c.callTool({ name: 'everything__echo', arguments: { message: 'x' } })).rejects.toThrow(
        /Unknown tool/,
      );
      const ok = await c.callTool({
        name: 'gateway__call_tool',
        arguments: { id: 'memory__read_graph', arguments: {} },
      });
      expect(ok.isError).not.toBe(true);
      expect(gw.engine.ctx.catalog.recentCalls().at(-1)).toMatchObject({
        server: 'memory',
        tool: 'read_graph',
        client: 'ci-agent',
        profile: 'graph',
      });
    } finally {
      await close();
    }
  });

  it('a profile edit applies to open sessions at once', async () => {
    const { c, close } = await client(tokens['cursor']);
    try {
      expect((await c.listTools()).tools.map((t) => t.name)).toContain('everything__echo');
      await gw.engine.ctx.config.update((draft) => {
        const profiles = draft.gateway['profiles'] as Record<string, Record<string, unknown>>;
        profiles['coding'] = { servers: ['everything'], allow: ['everything__add*'] };
      });
      const names = (await c.listTools()).tools.map((t) => t.name);
      expect(names).not.toContain('everything__echo');
      await expect(c.callTool({ name: 'everything__echo', arguments: { message: 'x' } })).rejects.toThrow(
        /Unknown tool/,
      );
    } finally {
      await gw.engine.ctx.config.update((draft) => {
        const profiles = draft.gateway['profiles'] as Record<string, Record<string, unknown>>;
        profiles['coding'] = { servers: ['everything'], deny: ['everything__get*'] };
      });
      await close();
    }
  });
});

describe('rate limit and revocation', () => {
  it('over its profile’s rate limit a client gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await rawRequest(gw.url, {
        method: 'POST',
        path: '/mcp',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${tokens['chatty']}` },
        body: INIT,
      });
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers['retry-after'] as string;
      }
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('a revoked token is refused at once, also on an open session (the hot path)', async () => {
    const { token } = await gw.engine.ctx.identity!.create('short-lived');
    const { c, close } = await client(token);
    try {
      await c.callTool({ name: 'everything__echo', arguments: { message: 'before' } });
      await gw.engine.ctx.identity!.revoke('short-lived');
      await expect(
        c.callTool({ name: 'everything__echo', arguments: { message: 'after' } }),
      ).rejects.toThrow();
      const r = await rawRequest(gw.url, {
        method: 'POST',
        path: '/mcp',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
        body: INIT,
      });
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toContain('invalid_token');
      expect(gw.engine.ctx.sessions.list().some((s) => s.client === 'short-lived')).toBe(false);
    } finally {
      await close();
    }
  });
});
