import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openApiPath } from '../../src-shared/api/contract.js';
import { API_ROUTES } from '../../src-shared/api/index.js';
import * as R from '../../src-shared/api/routes.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { rawRequest } from '../lib/http.js';
import { EVERYTHING, MEMORY, nodeServer } from '../lib/paths.js';

/** Every core route against the real engine with real MCP servers. */
describe('control API routes', () => {
  let gw: Gateway;

  const fileConfig = async () =>
    JSON.parse(await readFile(gw.configFile, 'utf8')) as {
      gateway: Record<string, unknown>;
      mcpServers: Record<string, Record<string, unknown>>;
    };
  const running = (name: string) => async () =>
    gw
      .waitFor(
        () =>
          gw.engine.ctx.supervisor.get(name)?.state === 'running' &&
          gw.engine.ctx.catalog.tools().some((t) => t.server === name),
        `${name} running with tools`,
      )
      .catch((err: unknown) => {
        const st = gw.engine.ctx.supervisor.get(name);
        const tools = gw.engine.ctx.catalog.tools().filter((t) => t.server === name).length;
        throw new Error(`${String(err)} (state ${st?.state}: ${st?.reason}; ${tools} tools)`);
      });

  beforeAll(async () => {
    gw = await startGateway(
      {
        mem: { ...nodeServer(MEMORY), env: { MEMORY_FILE_PATH: '${MEMORY_PATH}', SECRET_THING: 'hunter2' } },
      },
      {},
      {
        env: { ...process.env, MEMORY_PATH: path.join(os.tmpdir(), `mcpgw-api-memory-${process.pid}.json`) },
      },
    );
    await running('mem')();
  });
  afterAll(async () => {
    await gw?.close();
    await rm(path.join(os.tmpdir(), `mcpgw-api-memory-${process.pid}.json`), { force: true });
  });

  it('health summarises the gateway', async () => {
    const h = await gw.api.call(R.health);
    expect(h).toMatchObject({ ok: true, health: 'ok', servers: 1, configFile: gw.configFile });
    expect(h.states.running).toBe(1);
    expect(h.tools).toBeGreaterThan(0);
  });

  it('serves an OpenAPI 3.1 document covering every route', async () => {
    const doc = (await gw.api.call(R.openapi)) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of API_ROUTES) {
      expect(doc.paths[`/api/v1${openApiPath(r.path)}`]?.[r.method.toLowerCase()], r.id).toBeDefined();
    }
  });

  it('lists servers with state, transport, tools, tokens and uptime', async () => {
    const { servers } = await gw.api.call(R.listServers);
    expect(servers).toHaveLength(1);
    const mem = servers[0]!;
    expect(mem).toMatchObject({
      name: 'mem',
      state: 'running',
      transport: 'stdio',
      disabled: false,
      restarts: 0,
    });
    expect(mem.tools).toBeGreaterThan(5);
    expect(mem.tokens).toBeGreaterThan(100);
    expect(mem.uptimeMs).toBeGreaterThanOrEqual(0);
  });

  it('gets one server with secrets redacted and references shown', async () => {
    const mem = await gw.api.call(R.getServer, { params: { name: 'mem' } });
    expect(mem.config.env).toEqual({ MEMORY_FILE_PATH: '${MEMORY_PATH}', SECRET_THING: '[redacted]' });
    expect(JSON.stringify(mem)).not.toContain('hunter2');
    await expect(gw.api.call(R.getServer, { params: { name: 'github' } })).rejects.toMatchObject({
      code: 'SERVER_NOT_FOUND',
      status: 404,
      message: expect.stringContaining("server 'github' not found"),
    });
  });

  it('adds, updates (env and headers), disables, enables, restarts and removes a server through the config file', async () => {
    const added = await gw.api.call(R.addServer, {
      body: { name: 'every', config: { ...nodeServer(EVERYTHING, 'stdio'), env: { API_KEY: 'sk-123' } } },
    });
    expect(added).toMatchObject({ name: 'every', transport: 'stdio' });
    expect((await fileConfig()).mcpServers.every).toMatchObject({
      command: process.execPath,
      env: { API_KEY: 'sk-123' },
    });
    await running('every')();

    await expect(
      gw.api.call(R.addServer, { body: { name: 'every', config: { command: 'x' } } }),
    ).rejects.toMatchObject({ code: 'SERVER_EXISTS', status: 409 });
    await expect(
      gw.api.call(R.addServer, { body: { name: 'bad name!', config: { command: 'x' } } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'name',
    });
    await expect(
      gw.api.call(R.addServer, {
        body: { name: 'both', config: { command: 'x', url: 'http://127.0.0.1:1' } },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('config') });

    // A redacted value sent back keeps the stored secret; null removes a field.
    const updated = await gw.api.call(R.updateServer, {
      params: { name: 'every' },
      body: {
        env: { API_KEY: '[redacted]', EXTRA: '${MEMORY_PATH}' },
        description: 'the everything server',
        cwd: null,
      },
    });
    expect(updated.config.env).toEqual({ API_KEY: '[redacted]', EXTRA: '${MEMORY_PATH}' });
    expect(updated.description).toBe('the everything server');
    expect((await fileConfig()).mcpServers.every?.env).toEqual({
      API_KEY: 'sk-123',
      EXTRA: '${MEMORY_PATH}',
    });
    await expect(
      gw.api.call(R.updateServer, { params: { name: 'every' }, body: { url: 'ftp://x' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: expect.stringMatching(/^mcpServers\.every/),
    });
    await expect(
      gw.api.call(R.updateServer, { params: { name: 'every' }, body: { timeout: -1 } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'mcpServers.every.timeout' });

    const disabled = await gw.api.call(R.disableServer, { params: { name: 'every' } });
    expect(disabled.disabled).toBe(true);
    expect((await fileConfig()).mcpServers.every?.disabled).toBe(true);
    await gw.waitFor(() => gw.engine.ctx.supervisor.get('every')?.state === 'disabled', 'every disabled');
    await expect(gw.api.call(R.restartServer, { params: { name: 'every' } })).rejects.toMatchObject({
      code: 'SERVER_DISABLED',
    });
    await expect(gw.api.call(R.resetServerCircuit, { params: { name: 'every' } })).rejects.toMatchObject({
      code: 'SERVER_DISABLED',
    });

    const enabled = await gw.api.call(R.enableServer, { params: { name: 'every' } });
    expect(enabled.disabled).toBe(false);
    expect((await fileConfig()).mcpServers.every?.disabled).toBeUndefined();
    // Enabled again: listed from its saved lists and asleep when they were saved while it ran
    // (they are written soon after its first listing), started otherwise; listed either way.
    await gw.waitFor(
      () =>
        ['running', 'sleeping'].includes(gw.engine.ctx.supervisor.get('every')?.state ?? '') &&
        gw.engine.ctx.catalog.tools().some((t) => t.server === 'every'),
      'every listed again',
    );

    const restarted = await gw.api.call(R.restartServer, { params: { name: 'every' } });
    expect(restarted.name).toBe('every');
    await running('every')();
    const reset = await gw.api.call(R.resetServerCircuit, { params: { name: 'every' } });
    expect(reset.name).toBe('every');

    expect(await gw.api.call(R.removeServer, { params: { name: 'every' } })).toMatchObject({ ok: true });
    expect((await fileConfig()).mcpServers.every).toBeUndefined();
    for (const route of [
      R.removeServer,
      R.enableServer,
      R.disableServer,
      R.restartServer,
      R.resetServerCircuit,
    ]) {
      await expect(gw.api.call(route, { params: { name: 'every' } })).rejects.toMatchObject({
        code: 'SERVER_NOT_FOUND',
      });
    }
    await expect(gw.api.call(R.updateServer, { params: { name: 'every' }, body: {} })).rejects.toMatchObject({
      code: 'SERVER_NOT_FOUND',
    });
  });

  it('lists tools with token counts and toggles one through tools.disabled', async () => {
    const all = await gw.api.call(R.listTools, { query: { server: 'mem' } });
    const graph = all.tools.find((t) => t.name === 'read_graph');
    expect(graph).toMatchObject({ id: 'mem__read_graph', server: 'mem', visible: true, enabled: true });
    expect(graph!.tokens).toBeGreaterThan(0);
    expect(all.totals.visibleTokens).toBe(all.tools.reduce((n, t) => n + t.tokens, 0));

    expect(await gw.api.call(R.disableTool, { params: { server: 'mem', tool: 'read_graph' } })).toEqual({
      server: 'mem',
      tool: 'read_graph',
      enabled: false,
    });
    expect((await fileConfig()).mcpServers.mem?.tools).toEqual({ disabled: ['read_graph'] });
    await gw.waitFor(
      () => gw.engine.ctx.catalog.tools().find((t) => t.id === 'mem__read_graph')?.visible === false,
      'read_graph hidden',
    );
    const hidden = await gw.api.call(R.listTools, { query: { visible: false } });
    expect(hidden.tools.map((t) => t.id)).toContain('mem__read_graph');
    expect(hidden.tools.find((t) => t.id === 'mem__read_graph')).toMatchObject({
      enabled: false,
      hiddenReason: 'disabled',
    });

    await gw.api.call(R.enableTool, { params: { server: 'mem', tool: 'read_graph' } });
    expect((await fileConfig()).mcpServers.mem?.tools).toBeUndefined();

    await expect(
      gw.api.call(R.disableTool, { params: { server: 'mem', tool: 'nope' } }),
    ).rejects.toMatchObject({
      code: 'TOOL_NOT_FOUND',
    });
    await expect(gw.api.call(R.listTools, { query: { server: 'nope' } })).rejects.toMatchObject({
      code: 'SERVER_NOT_FOUND',
    });
    const withSchema = await gw.api.call(R.listTools, { query: { schema: true, server: 'mem' } });
    expect(withSchema.tools[0]?.inputSchema).toBeDefined();
  });

  it('calls a tool, records the call and counts it in the metrics', async () => {
    await gw.waitFor(
      () => gw.engine.ctx.catalog.tools().find((t) => t.id === 'mem__read_graph')?.visible === true,
      'read_graph visible',
    );
    const created = await gw.api.call(R.callTool, {
      body: {
        server: 'mem',
        tool: 'create_entities',
        arguments: { entities: [{ name: 'ada', entityType: 'person', observations: ['x'] }] },
      },
    });
    expect(created).toMatchObject({ server: 'mem', tool: 'create_entities', isError: false });
    const read = await gw.api.call(R.callTool, { body: { id: 'mem__read_graph' } });
    expect(read.server).toBe('mem');
    expect(JSON.stringify(read.result)).toContain('ada');
    await expect(gw.api.call(R.callTool, { body: { arguments: {} } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(gw.api.call(R.callTool, { body: { id: 'mem__nope' } })).rejects.toMatchObject({
      status: 404,
    });

    const { calls } = await gw.api.call(R.recentCalls, { query: { limit: 10 } });
    expect(calls.map((c) => c.tool)).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
    expect(calls.every((c) => c.client === 'api')).toBe(true);

    const m = await gw.api.call(R.metrics);
    expect(m.totals.calls).toBeGreaterThanOrEqual(2);
    expect(m.servers.find((s) => s.server === 'mem')).toMatchObject({ state: 'running' });
    expect(m.tools.find((t) => t.tool === 'read_graph')?.calls).toBeGreaterThanOrEqual(1);
    expect(m.clients.find((c) => c.client === 'api')?.calls).toBe(m.totals.calls);

    const prom = await rawRequest(gw.url, {
      path: '/metrics',
      headers: { authorization: `Bearer ${gw.token}` },
    });
    expect(prom.status).toBe(200);
    expect(prom.headers['content-type']).toContain('text/plain');
    expect(prom.body).toMatch(
      /mcp_gateway_tool_calls_total\{server="mem",tool="read_graph",client="api",outcome="ok"\} \d/,
    );
    expect(prom.body).toContain('mcp_gateway_tool_call_duration_seconds_bucket');
    expect(prom.body).toContain('mcp_gateway_server_state{server="mem",state="running"} 1');
    expect(prom.body).toContain('mcp_gateway_server_restarts{server="mem"}');
    expect(prom.body).toContain('mcp_gateway_sessions 0');
  });

  it('returns recent log lines and sessions', async () => {
    const logs = await gw.api.call(R.serverLogs, { params: { name: 'mem' }, query: { limit: 50 } });
    expect(logs.server).toBe('mem');
    expect(logs.lines.some((l) => /running on stdio/i.test(l.line))).toBe(true);
    const after = logs.lines.at(-1)!.seq;
    expect((await gw.api.call(R.serverLogs, { params: { name: 'mem' }, query: { after } })).lines).toEqual(
      [],
    );
    await expect(gw.api.call(R.serverLogs, { params: { name: 'x' } })).rejects.toMatchObject({
      code: 'SERVER_NOT_FOUND',
    });
    await expect(
      gw.api.call(R.serverLogs, { params: { name: 'mem' }, query: { limit: -3 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'query.limit',
    });
    expect(await gw.api.call(R.listSessions)).toEqual({ sessions: [] });
  });

  it('reads and changes settings, saying which changes need a restart', async () => {
    const s = await gw.api.call(R.getSettings);
    expect(s.settings.port).toBe(7411);
    expect(s.restartRequired).toEqual([]);
    const changed = await gw.api.call(R.updateSettings, {
      body: { port: 7500, limits: { maxSseStreams: 10 }, mode: 'meta' },
    });
    expect(changed.settings).toMatchObject({ port: 7500, mode: 'meta' });
    expect(changed.settings.limits.maxSseStreams).toBe(10);
    expect(changed.settings.limits.maxBodyBytes).toBe(1_000_000);
    expect(changed.restartRequired).toEqual(['gateway.port']);
    expect((await gw.api.call(R.getSettings)).restartRequired).toEqual(['gateway.port']);
    const file = await fileConfig();
    expect(file.gateway).toMatchObject({ port: 7500, mode: 'meta', limits: { maxSseStreams: 10 } });
    expect(file.gateway.supervisor).toBeDefined();

    const back = await gw.api.call(R.updateSettings, { body: { port: null, mode: null, limits: null } });
    expect(back.settings.port).toBe(7411);
    expect(back.restartRequired).toEqual([]);
    expect((await fileConfig()).gateway.port).toBeUndefined();

    await expect(gw.api.call(R.updateSettings, { body: { port: 'x' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'gateway.port',
    });
    await expect(gw.api.call(R.updateSettings, { body: { prot: 1 } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'gateway.prot',
    });
  });

  it('switches learning from use for the tool search (default on)', async () => {
    expect((await gw.api.call(R.getSettings)).settings.search).toEqual({ learn: true, wordVectors: true });
    const off = await gw.api.call(R.updateSettings, { body: { search: { learn: false } } });
    expect(off.settings.search.learn).toBe(false);
    expect(off.restartRequired).toEqual([]);
    expect((await fileConfig()).gateway.search).toEqual({ learn: false });
    await expect(gw.api.call(R.updateSettings, { body: { search: { learn: 'no' } } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'gateway.search.learn',
    });
    const back = await gw.api.call(R.updateSettings, { body: { search: null } });
    expect(back.settings.search.learn).toBe(true);
  });

  it('switches the word-vector signal of the tool search (default on)', async () => {
    const off = await gw.api.call(R.updateSettings, { body: { search: { wordVectors: false } } });
    expect(off.settings.search).toEqual({ learn: true, wordVectors: false });
    expect(off.restartRequired).toEqual([]);
    expect((await fileConfig()).gateway.search).toEqual({ wordVectors: false });
    await expect(
      gw.api.call(R.updateSettings, { body: { search: { wordVectors: 'no' } } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'gateway.search.wordVectors' });
    const back = await gw.api.call(R.updateSettings, { body: { search: null } });
    expect(back.settings.search.wordVectors).toBe(true);
  });

  it('exports the config with secrets redacted', async () => {
    const out = await gw.api.call(R.exportConfig);
    expect(out.configFile).toBe(gw.configFile);
    const servers = out.config.mcpServers as Record<string, { env?: Record<string, string> }>;
    expect(servers.mem?.env).toEqual({ MEMORY_FILE_PATH: '${MEMORY_PATH}', SECRET_THING: '[redacted]' });
    expect(JSON.stringify(out)).not.toContain('hunter2');
  });

  it('reports a broken config file and refuses changes until it is fixed', async () => {
    const good = await readFile(gw.configFile, 'utf8');
    await writeFile(gw.configFile, good.replace('"mcpServers"', '"mcpServers" oops'));
    await expect(gw.api.call(R.enableServer, { params: { name: 'mem' } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('fix the file first'),
    });
    const h = await gw.api.call(R.health);
    expect(h.configProblem?.line).toBeGreaterThan(0);
    await writeFile(gw.configFile, good);
  });
});
