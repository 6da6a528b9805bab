import { SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { catalogSettings, linkInMemory } from '../../../test/lib/catalog.js';
import { createEventBus } from '../events.js';
import type { BackendConnection, CatalogTool, DirectRequester, SupervisorApi } from '../types.js';
import { createCallLog } from './call-log.js';
import { createForwarder } from './forwarding.js';
import type { CatalogSettings } from './settings.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

/** A real MCP server on the v2 SDK, reached by a real Client over the SDK's in-memory pair. */
async function backend(server: string, extra: Partial<BackendConnection> = {}): Promise<BackendConnection> {
  const mcp = new McpServer({ name: server, version: '1.0.0' });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  mcp.registerTool('add', { inputSchema: z.object({ a: z.number(), b: z.number() }) }, async ({ a, b }) => ({
    content: [{ type: 'text', text: `${server}: ${a + b}` }],
  }));
  mcp.registerTool('wait', {}, async () => {
    await gate;
    return { content: [{ type: 'text', text: 'done' }] };
  });
  const { client, close } = await linkInMemory(mcp);
  closers.push(async () => {
    release();
    await close();
  });
  return {
    server,
    client,
    transport: 'stdio',
    era: 'legacy',
    protocolVersion: undefined,
    serverInfo: undefined,
    instructions: undefined,
    pid: undefined,
    closed: new Promise(() => undefined),
    close: async () => undefined,
    ...extra,
    // `release` lets a test finish the `wait` tool.
    ...({ release } as object),
  } as BackendConnection;
}

/** A supervisor with fixed servers: running ones have a connection, a sleeping one wakes. */
function supervisor(
  running: Record<string, BackendConnection>,
  sleeping: Record<string, BackendConnection> = {},
) {
  const holds: string[] = [];
  const conns = new Map(Object.entries(running));
  const api = {
    get: (name: string) =>
      conns.has(name)
        ? { state: 'running' }
        : name in sleeping
          ? { state: 'sleeping' }
          : { state: 'stopped' },
    connection: (name: string) => conns.get(name),
    wake: async (name: string) => {
      const c = sleeping[name] as BackendConnection;
      conns.set(name, c);
      return c;
    },
    hold: (name: string) => {
      holds.push(`+${name}`);
      return () => holds.push(`-${name}`);
    },
  } as unknown as SupervisorApi;
  return { api, holds };
}

const cfg: ServerConfig = { command: 'node' };
const tool = (server: string, name: string): CatalogTool => ({
  id: `${server}__${name}`,
  server,
  name,
  definition: { name, inputSchema: { type: 'object' } },
  tokens: 1,
  visible: true,
  hiddenReason: undefined,
});

function forwarder(
  sup: SupervisorApi,
  s: CatalogSettings,
  openDedicated: (server: string, sessionId: string) => Promise<BackendConnection> | undefined = () =>
    undefined,
) {
  const log = createCallLog({ bus: createEventBus() });
  let now = 100;
  const fwd = createForwarder({
    supervisor: sup,
    clock: { now: () => (now += 5), setTimeout: () => ({}), clearTimeout: () => undefined },
    settings: () => s,
    openDedicated,
    resolve: (target) => {
      if ('id' in target) {
        throw new GatewayError('TOOL_NOT_FOUND', `Unknown tool "${target.id}".`);
      }
      return tool(target.server, target.name);
    },
    log,
  });
  return { fwd, log };
}

describe('createForwarder', () => {
  it('forwards a tool call to its server, holds the server meanwhile, and records the call', async () => {
    const sup = supervisor({ math: await backend('math') });
    const { fwd, log } = forwarder(sup.api, catalogSettings({ math: cfg }));
    const result = await fwd.callTool({ server: 'math', name: 'add' }, { a: 2, b: 3 }, { client: 'c1' });
    expect(result['content']).toEqual([{ type: 'text', text: 'math: 5' }]);
    expect(sup.holds).toEqual(['+math', '-math']);
    expect(log.recent()).toMatchObject([{ server: 'math', tool: 'add', client: 'c1', ok: true }]);
    expect(log.recent()[0]?.durationMs).toBe(5);
  });

  it('records a call it cannot place, with the reason', async () => {
    const { fwd, log } = forwarder(supervisor({}).api, catalogSettings({}));
    await expect(fwd.callTool({ id: 'nope' }, {}, { client: 'c1' })).rejects.toThrow('Unknown tool "nope".');
    expect(log.recent()).toMatchObject([
      { server: '?', tool: 'nope', ok: false, error: 'Unknown tool "nope".' },
    ]);
  });

  it('counts the calls in flight per server and forgets them when they end', async () => {
    const math = await backend('math');
    const { fwd } = forwarder(supervisor({ math }).api, catalogSettings({ math: cfg }));
    const call = fwd.forward(
      'math',
      'tools/call',
      { name: 'wait', arguments: {} },
      { client: 'c', sessionId: 's1' },
    );
    await new Promise((r) => setImmediate(r));
    expect(fwd.inFlight('math')).toBe(1);
    expect(fwd.inFlight('other')).toBe(0);
    expect([...(fwd.callsOn(math.client) ?? [])]).toMatchObject([
      { server: 'math', sessionId: 's1', waiting: 0 },
    ]);
    (math as unknown as { release: () => void }).release();
    await call;
    expect(fwd.inFlight()).toBe(0);
    expect(fwd.callsOn(math.client)).toBeUndefined();
  });

  it('takes the direct wire when no progress is asked for, with the idle limit as the whole limit', async () => {
    const seen: unknown[] = [];
    const direct: DirectRequester = {
      request: async (method, params, options) => {
        seen.push({ method, params, timeoutMs: options.timeoutMs });
        return { isError: true };
      },
    };
    const sup = supervisor({ math: await backend('math', { direct }) });
    const { fwd } = forwarder(sup.api, catalogSettings({ math: { ...cfg, timeout: 5_000 } }));
    const meta = { trace: 'x' };
    const result = await fwd.forward('math', 'tools/call', { name: 'add' }, { client: 'c', meta }, undefined);
    expect(result).toEqual({ isError: true });
    const viaTool = await fwd.callTool({ server: 'math', name: 'add' }, {}, { client: 'c' });
    // A tools/call result gets the `content` the schema would default.
    expect(viaTool).toEqual({ isError: true, content: [] });
    expect(seen[0]).toEqual({ method: 'tools/call', params: { name: 'add', _meta: meta }, timeoutMs: 5_000 });
    // With progress to route, the call goes through the SDK client instead.
    const progress = await fwd.forward(
      'math',
      'tools/call',
      { name: 'add', arguments: { a: 1, b: 1 } },
      { client: 'c', onProgress: () => undefined },
    );
    expect(progress['content']).toEqual([{ type: 'text', text: 'math: 2' }]);
    expect(seen).toHaveLength(2);
  });

  it('wakes a sleeping server for the request and tells a caller who asked for progress', async () => {
    const sup = supervisor({}, { notes: await backend('notes') });
    const { fwd } = forwarder(sup.api, catalogSettings({ notes: cfg }));
    const progress: string[] = [];
    const result = await fwd.forward(
      'notes',
      'tools/call',
      { name: 'add', arguments: { a: 1, b: 2 } },
      { client: 'c', onProgress: (p) => progress.push(String(p.message)) },
    );
    expect(result['content']).toEqual([{ type: 'text', text: 'notes: 3' }]);
    expect(progress).toEqual(['Starting server "notes" (it was asleep)…']);
  });

  it('refuses unknown and stopped servers with what to do', async () => {
    const { fwd } = forwarder(supervisor({}).api, catalogSettings({ off: cfg }));
    await expect(fwd.forward('ghost', 'tools/call', {}, { client: 'c' })).rejects.toMatchObject({
      code: 'SERVER_NOT_FOUND',
    });
    await expect(fwd.forward('off', 'tools/call', {}, { client: 'c' })).rejects.toThrow(
      'Server "off" is not running (state: stopped). Start it or check its logs with `mcp-gateway logs off`.',
    );
  });

  it("sends a per-session server's requests over the session's own connection", async () => {
    const shared = await backend('fs');
    const own = await backend('fs-own');
    const asked: string[] = [];
    const { fwd } = forwarder(
      supervisor({ fs: shared }).api,
      catalogSettings({ fs: { ...cfg, isolation: 'per-session' } }),
      (server, sessionId) => {
        asked.push(`${server}/${sessionId}`);
        return sessionId === 'known' ? Promise.resolve(own) : undefined;
      },
    );
    const params = { name: 'add', arguments: { a: 1, b: 1 } };
    const mine = await fwd.forward('fs', 'tools/call', params, { client: 'c', sessionId: 'known' });
    const api = await fwd.forward('fs', 'tools/call', params, { client: 'c', sessionId: 'gone' });
    expect(mine['content']).toEqual([{ type: 'text', text: 'fs-own: 2' }]);
    expect(api['content']).toEqual([{ type: 'text', text: 'fs: 2' }]);
    expect(asked).toEqual(['fs/known', 'fs/gone']);
  });
});

describe('createForwarder, to a 2026-era backend', () => {
  /** A 2026-era connection whose Client records what it is asked to send. */
  function modernBackend() {
    const sent: { params: Record<string, unknown>; headers?: Record<string, string> }[] = [];
    const client = {
      request: async (
        req: { params: Record<string, unknown> },
        _schema: unknown,
        opts: { headers?: Record<string, string> },
      ) => {
        sent.push({ params: req.params, ...(opts.headers !== undefined ? { headers: opts.headers } : {}) });
        return { resultType: 'complete', content: [{ type: 'text', text: 'ok' }] };
      },
    };
    const conn = { server: 'web', client, transport: 'http', era: 'modern' } as unknown as BackendConnection;
    return { conn, sent };
  }

  function modernForwarder(conn: BackendConnection) {
    return createForwarder({
      supervisor: supervisor({ web: conn }).api,
      clock: { now: () => 0, setTimeout: () => ({}), clearTimeout: () => undefined },
      settings: () => catalogSettings({ web: { url: 'http://127.0.0.1:1/mcp' } }),
      openDedicated: () => undefined,
      resolve: () => ({
        ...tool('web', 'lookup'),
        definition: {
          name: 'lookup',
          inputSchema: {
            type: 'object',
            properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, q: { type: 'string' } },
          },
        },
      }),
      log: createCallLog({ bus: createEventBus() }),
    });
  }

  it('sends the Mcp-Param-* headers the tool declares, and none for tools that declare none', async () => {
    const { conn, sent } = modernBackend();
    const fwd = modernForwarder(conn);
    await fwd.callTool({ server: 'web', name: 'lookup' }, { region: 'eu', q: 'x' }, { client: 'c' });
    await fwd.callTool({ server: 'web', name: 'lookup' }, { q: 'x' }, { client: 'c' });
    expect(sent.map((s) => s.headers)).toEqual([{ 'Mcp-Param-Region': 'eu' }, undefined]);
  });

  it('does not tell the backend that the client supports tasks, which the gateway does not relay', async () => {
    const { conn, sent } = modernBackend();
    const fwd = modernForwarder(conn);
    const clientCapabilities = {
      sampling: {},
      extensions: { 'io.modelcontextprotocol/tasks': {}, 'io.modelcontextprotocol/ui': {} },
    };
    await fwd.callTool({ server: 'web', name: 'lookup' }, {}, { client: 'c', clientCapabilities });
    const meta = sent[0]?.params['_meta'] as Record<string, unknown>;
    expect(meta['io.modelcontextprotocol/clientCapabilities']).toEqual({
      sampling: {},
      extensions: { 'io.modelcontextprotocol/ui': {} },
    });
  });

  it("names the HTTP status a backend refused with, and the backend's own text, capped", async () => {
    const client = {
      request: async () => {
        throw new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, 'Error POSTing to endpoint: ', {
          status: 503,
          statusText: 'Service Unavailable',
          text: `down for maintenance ${'.'.repeat(1000)}`,
        });
      },
    };
    const conn = { server: 'web', client, transport: 'http', era: 'modern' } as unknown as BackendConnection;
    const err = await modernForwarder(conn)
      .callTool({ server: 'web', name: 'lookup' }, { q: 'x' }, { client: 'c' })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err?.message).toMatch(
      /^Server "web" refused tools\/call with HTTP 503 Service Unavailable: down for/,
    );
    expect(err?.message.length).toBeLessThan(400);
  });
});
