import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import {
  connectHttp,
  engineOptions,
  type GatewayFolder,
  gatewayFolder,
  type GatewaySettings,
} from '../../../test/lib/gateway.js';
import { MCP_POST_HEADERS } from '../../../test/lib/http.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import { freePort } from '../../../test/lib/ports.js';
import { createEngine, type Engine } from '../engine.js';
import type { Logger } from '../types.js';
import { EARLY_LIST_GIVEN, START_ANSWERS_DIR } from './index.js';

const folders: GatewayFolder[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.allSettled(engines.splice(0).map((e) => e.close()));
  for (const f of folders.splice(0)) {
    f.remove();
  }
});

/** A logger that keeps the messages it is given. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m) => void lines.push(m),
    info: (m) => void lines.push(m),
    warn: (m) => void lines.push(m),
    error: (m) => void lines.push(m),
    child: () => logger,
  };
  return { logger, lines };
}

const TAKEN_OVER = 'taking over the sessions answered while the engine loaded';
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 'init',
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'early-test', version: '1' },
  },
};

interface Answer {
  status: number;
  session: string | null;
  type: string | null;
  text: string;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    session: res.headers.get('mcp-session-id'),
    type: res.headers.get('content-type'),
    text: await res.text(),
  };
}

/** initialize, retried until the port is bound, then notifications/initialized. */
async function open(url: string) {
  let init: Answer | undefined;
  for (let i = 0; i < 4_000 && init === undefined; i += 1) {
    init = await post(url, INITIALIZE).catch(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return undefined;
    });
  }
  if (init === undefined) {
    throw new Error('the gateway never listened');
  }
  const headers = { 'mcp-session-id': init.session ?? '', 'mcp-protocol-version': '2025-06-18' };
  const note = await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  return { init, note, headers };
}

/** The whole handshake: open, then tools/list. */
async function handshake(url: string) {
  const opened = await open(url);
  const list = await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, opened.headers);
  return { ...opened, list };
}

/** A gateway folder with two memory servers, run once so that their lists and its answers are kept. */
async function keptFolder(gateway: GatewaySettings = {}): Promise<{
  folder: GatewayFolder;
  first: Awaited<ReturnType<typeof handshake>>;
}> {
  const servers: Record<string, ServerConfig> = { mem: nodeServer(MEMORY), mem2: nodeServer(MEMORY) };
  const folder = gatewayFolder(servers, gateway);
  folders.push(folder);
  const port = await freePort();
  const engine = await createEngine(engineOptions(folder, { port }));
  const first = await handshake(`http://127.0.0.1:${port}/mcp`);
  await engine.close();
  return { folder, first };
}

/** Starts the engine on `folder`, its loading waiting for start-up handshakes as long as they take. */
async function startWaiting(folder: GatewayFolder) {
  const port = await freePort();
  const { logger, lines } = recordingLogger();
  // The default wait is tens of ms.
  const starting = createEngine({
    ...engineOptions(folder, { port, logger }),
    handshakeWait: { quietMs: 60_000, maxMs: 60_000 },
  }).then((e) => {
    engines.push(e);
    return e;
  });
  return { url: `http://127.0.0.1:${port}/mcp`, lines, starting };
}

async function startWithClient(folder: GatewayFolder) {
  const started = await startWaiting(folder);
  const early = await handshake(started.url);
  return { ...started, early };
}

describe('answers kept for the next start', () => {
  it('answers the handshake and the tool list at start-up as the engine did, then serves the session', async () => {
    const { folder, first } = await keptFolder();
    expect(JSON.parse(first.list.text).result.tools.length).toBeGreaterThan(10);
    expect(readdirSync(path.join(folder.dataDir, START_ANSWERS_DIR))).toHaveLength(1);

    const { url, early, lines, starting } = await startWithClient(folder);
    // Given before the engine loaded…
    expect(lines).toContain(EARLY_LIST_GIVEN);
    expect(early.init.status).toBe(200);
    expect(early.init.type).toBe(first.init.type);
    expect(early.init.text).toBe(first.init.text);
    expect(early.init.session).not.toBe(first.init.session);
    expect(early.note.status).toBe(202);
    expect(early.list.text).toBe(first.list.text);
    expect(early.list.type).toBe(first.list.type);
    // …and the same session goes on once the engine is up: a call wakes the server.
    const call = await post(
      url,
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'mem__read_graph', arguments: {} } },
      early.headers,
    );
    await starting;
    expect(lines.indexOf(TAKEN_OVER)).toBeGreaterThan(lines.indexOf(EARLY_LIST_GIVEN));
    expect(call.status).toBe(200);
    expect(call.text).toContain('"id":3');
    expect(call.text).toContain('entities');
    const again = await post(url, { jsonrpc: '2.0', id: 4, method: 'tools/list' }, early.headers);
    expect(again.text).toBe(first.list.text.replace('"id":2', '"id":4'));
  });

  it('serves the official SDK client at start-up: its handshake and list early, its call once loaded', async () => {
    const { folder } = await keptFolder();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/mcp`;
    // A run with this client first, so that its answers are kept.
    const engine = await createEngine(engineOptions(folder, { port }));
    const before = await connectHttp(url, { name: 'sdk-early' });
    const listed = await before.client.listTools();
    await before.close();
    await engine.close();

    const { logger, lines } = recordingLogger();
    const starting = createEngine({
      ...engineOptions(folder, { port, logger }),
      handshakeWait: { quietMs: 60_000, maxMs: 60_000 },
    }).then((e) => {
      engines.push(e);
      return e;
    });
    let conn: Awaited<ReturnType<typeof connectHttp>> | undefined;
    for (let i = 0; i < 4_000 && conn === undefined; i += 1) {
      conn = await connectHttp(url, { name: 'sdk-early' }).catch(async () => {
        await new Promise((r) => setTimeout(r, 5));
        return undefined;
      });
    }
    if (conn === undefined) {
      throw new Error('the gateway never listened');
    }
    // Its GET stream waits for the engine without hurrying it; the list comes early.
    expect((await conn.client.listTools()).tools).toEqual(listed.tools);
    expect(lines).toContain(EARLY_LIST_GIVEN);
    const result = await conn.client.callTool({ name: 'mem__read_graph', arguments: {} });
    await starting;
    expect(lines.indexOf(TAKEN_OVER)).toBeGreaterThan(lines.indexOf(EARLY_LIST_GIVEN));
    expect(JSON.stringify(result.content)).toContain('entities');
    await conn.close();
  });

  it('tells the client the list changed when the kept list is not what the engine lists', async () => {
    const { folder } = await keptFolder();
    const dir = path.join(folder.dataDir, START_ANSWERS_DIR);
    const [file] = readdirSync(dir);
    const kept = path.join(dir, file as string);
    const [head, init] = readFileSync(kept, 'utf8').split('\n');
    // Another list, under a head that gives its length (a file cut short is never sent).
    const rest = `${init}\n{"tools":[]}\n`;
    writeFileSync(kept, `${JSON.stringify({ ...JSON.parse(head as string), bytes: rest.length })}\n${rest}`);

    const { url, early, starting } = await startWithClient(folder);
    expect(JSON.parse(early.list.text).result.tools).toEqual([]);
    // A ping is left to the engine, which then loads and takes the session over.
    const ping = await post(url, { jsonrpc: '2.0', id: 3, method: 'ping' }, early.headers);
    expect(ping.status).toBe(200);
    await starting;
    // Past the catalog's own start-up announcements (50 ms debounce), the client opens its GET
    // stream: what it was told at start-up is set right on it.
    await new Promise((r) => setTimeout(r, 500));
    const stream = await fetch(url, { headers: { ...early.headers, accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while (!seen.includes('notifications/tools/list_changed')) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      seen += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(seen).toContain('notifications/tools/list_changed');
    const fresh = await post(url, { jsonrpc: '2.0', id: 5, method: 'tools/list' }, early.headers);
    expect(JSON.parse(fresh.text).result.tools.length).toBeGreaterThan(10);
  });

  it('gives nothing early once an input changed: the engine answers as usual', async () => {
    const { folder, first } = await keptFolder();
    const config = JSON.parse(readFileSync(folder.configFile, 'utf8')) as {
      mcpServers: Record<string, ServerConfig>;
    };
    delete config.mcpServers['mem2'];
    writeFileSync(folder.configFile, JSON.stringify(config));

    const { early, lines, starting } = await startWithClient(folder);
    await starting;
    expect(lines).not.toContain(TAKEN_OVER);
    expect(lines).not.toContain(EARLY_LIST_GIVEN);
    expect(early.init.status).toBe(200);
    const tools = JSON.parse(early.list.text).result.tools as Array<{ name: string }>;
    expect(tools.length).toBeLessThan(JSON.parse(first.list.text).result.tools.length);
    expect(tools.some((t) => t.name.startsWith('mem2__'))).toBe(false);
  });
});

describe('the limits of a gateway hold for clients answered before its engine loaded', () => {
  it('opens no more sessions before the engine loads than gateway.limits.maxSessions allows', async () => {
    const { folder } = await keptFolder({ limits: { maxSessions: 2 } });
    // No tool list is asked, so loading waits on.
    const { url, starting } = await startWaiting(folder);
    const a = await open(url);
    const b = await open(url);
    expect(a.init.status).toBe(200);
    expect(b.init.status).toBe(200);
    // Two sessions, both initialised: the engine refuses a third client (503, Retry-After).
    const third = await post(url, INITIALIZE);
    // A tool list ends the start-up handshakes: the engine loads and takes the sessions over.
    expect((await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, a.headers)).status).toBe(200);
    await starting;
    expect(third.status).toBe(503);
    expect(third.session).toBeNull();
  });

  it('serves a GET stream opened across the switch, and a DELETE sent before the engine took over', async () => {
    const { folder } = await keptFolder();
    const { url, starting } = await startWaiting(folder);
    const a = await open(url);
    const b = await open(url);
    // A's stream waits for the engine without hurrying it; B's DELETE is the engine's to answer.
    const stream = fetch(url, { headers: { ...a.headers, accept: 'text/event-stream' } });
    const deleted = await fetch(url, { method: 'DELETE', headers: { ...MCP_POST_HEADERS, ...b.headers } });
    await starting;
    expect(deleted.status).toBe(200);
    const gone = await post(url, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, b.headers);
    expect(gone.status).toBe(404);
    const opened = await stream;
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/event-stream');
    await opened.body?.cancel();
    const list = await post(url, { jsonrpc: '2.0', id: 4, method: 'tools/list' }, a.headers);
    expect(list.status).toBe(200);
    expect(list.text).toContain('mem__read_graph');
  });
});
