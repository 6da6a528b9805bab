import net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { engineOptions, type GatewayFolder, gatewayFolder } from '../../../test/lib/gateway.js';
import { MCP_POST_HEADERS } from '../../../test/lib/http.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import { createEngine, type Engine } from '../engine.js';

/* The limits of a gateway hold for the clients answered before its engine loaded, too. */

const folders: GatewayFolder[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.allSettled(engines.splice(0).map((e) => e.close()));
  for (const f of folders.splice(0)) {
    f.remove();
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 'init',
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'early-limits', version: '1' },
  },
};
const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, session: res.headers.get('mcp-session-id'), text: await res.text() };
}

/** initialize, retried until the port is bound. */
async function initialize(url: string) {
  for (let i = 0; i < 4_000; i += 1) {
    const init = await post(url, INITIALIZE).catch(() => undefined);
    if (init !== undefined) {
      return init;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the gateway never listened');
}

/** A client that opens its session and ends its handshake. */
async function connect(url: string) {
  const init = await initialize(url);
  const headers = { 'mcp-session-id': init.session ?? '', 'mcp-protocol-version': '2025-06-18' };
  expect((await post(url, INITIALIZED, headers)).status).toBe(202);
  return { init, headers };
}

describe('early answers and the session limit', () => {
  it('opens no more sessions before the engine loads than gateway.limits.maxSessions allows', async () => {
    const servers: Record<string, ServerConfig> = { mem: nodeServer(MEMORY) };
    const folder = gatewayFolder(servers, { limits: { maxSessions: 2 } });
    folders.push(folder);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/mcp`;
    // A first run keeps this client's answers.
    const first = await createEngine(engineOptions(folder, { port }));
    const kept = await connect(url);
    expect((await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, kept.headers)).status).toBe(200);
    await first.close();

    // At the next start, loading waits for the handshakes (no tool list is asked, so it waits on).
    const starting = createEngine({
      ...engineOptions(folder, { port }),
      handshakeWait: { quietMs: 60_000, maxMs: 60_000 },
    }).then((e) => {
      engines.push(e);
      return e;
    });
    const a = await connect(url);
    const b = await connect(url);
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
    const folder = gatewayFolder({ mem: nodeServer(MEMORY) });
    folders.push(folder);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/mcp`;
    const first = await createEngine(engineOptions(folder, { port }));
    const kept = await connect(url);
    expect((await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, kept.headers)).status).toBe(200);
    await first.close();

    const starting = createEngine({
      ...engineOptions(folder, { port }),
      handshakeWait: { quietMs: 60_000, maxMs: 60_000 },
    }).then((e) => {
      engines.push(e);
      return e;
    });
    const a = await connect(url);
    const b = await connect(url);
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
