import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { metrics } from '../../src-shared/api/routes.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { isGatewayError } from '../../src-shared/errors.js';
import {
  engineOptions,
  type Gateway,
  type GatewayFolder,
  gatewayFolder,
  startGateway,
} from '../../test/lib/gateway.js';
import { fixture, MEMORY, nodeServer } from '../../test/lib/paths.js';
import { freePort } from '../../test/lib/ports.js';
import { createEngine, type Engine } from './engine.js';

const MARKER_SERVER = fixture('servers/touch-marker.mjs');
const SLEEPY = fixture('servers/sleepy.mjs');

const dirs: string[] = [];
const folders: GatewayFolder[] = [];
const engines: Engine[] = [];
const gateways: Gateway[] = [];
afterEach(async () => {
  await Promise.allSettled(engines.splice(0).map((e) => e.close()));
  await Promise.allSettled(gateways.splice(0).map((g) => g.close()));
  for (const f of folders.splice(0)) {
    f.remove();
  }
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

/** A gateway folder with these servers, removed after the test; the test starts the engine. */
function folderWith(servers: Record<string, ServerConfig>): GatewayFolder {
  const folder = gatewayFolder(servers);
  folders.push(folder);
  return folder;
}

/** A gateway started by the shared harness, closed after the test. */
async function gatewayWith(servers: Record<string, ServerConfig>): Promise<Gateway> {
  const gw = await startGateway(servers);
  gateways.push(gw);
  return gw;
}

/** Start the engine of `folder`; whatever starts is closed after the test. */
function startEngine(folder: GatewayFolder, port: number, extra: Parameters<typeof engineOptions>[1] = {}) {
  return createEngine(engineOptions(folder, { ...extra, port })).then((e) => {
    engines.push(e);
    return e;
  });
}

function get(port: number, p: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function connectable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('engine start-up', () => {
  it('answers requests that arrive while it is still loading, through the same guard', async () => {
    const folder = folderWith({ mem: nodeServer(MEMORY) });
    const port = await freePort();
    const starting = startEngine(folder, port);
    // The port is bound before the HTTP stack loads: connect as early as possible.
    let up = false;
    for (let i = 0; i < 2_000 && !up; i += 1) {
      up = await connectable(port);
      if (!up) {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    expect(up).toBe(true);
    const [foreign, noToken] = await Promise.all([
      get(port, '/api/v1/health', 'evil.example:80'),
      get(port, '/api/v1/health', `127.0.0.1:${port}`),
    ]);
    await starting;
    expect(foreign).toBe(403);
    expect(noToken).toBe(401);
  });

  it('fails on a port in use before it spawns any server', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as net.AddressInfo;
    const marker = path.join(os.tmpdir(), `mcpgw-engine-marker-${process.pid}-${port}`);
    try {
      const folder = folderWith({ touch: nodeServer(MARKER_SERVER, marker) });
      const err = await startEngine(folder, port).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isGatewayError(err) && err.code).toBe('UNAVAILABLE');
      expect(String(err)).toContain('already in use');
      // Give a wrongly spawned child time to write its marker; none may exist.
      await new Promise((r) => setTimeout(r, 300));
      expect(existsSync(marker)).toBe(false);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      rmSync(marker, { force: true });
    }
  });
});

describe('engine close', () => {
  it('starts no server for a config change applied after close() has begun', async () => {
    const gw = await gatewayWith({ mem: nodeServer(MEMORY) });
    const { engine } = gw;
    const marker = path.join(gw.dir, 'spawned');
    // A first dashboard request starts loading the control plane; close() waits for that load,
    // which is when the edit below lands.
    const u = new URL(engine.url);
    const first = new Promise<void>((resolve) => {
      const req = http.get(
        {
          host: u.hostname,
          port: u.port,
          path: '/api/v1/health',
          headers: { authorization: `Bearer ${engine.token}` },
        },
        (res) => {
          res.resume();
          res.on('close', () => resolve());
        },
      );
      req.on('error', () => resolve());
    });
    // A few turns of the event loop let the request reach the server (the load takes far longer).
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setImmediate(r));
    }
    const edit = engine.ctx.config.update((draft) => {
      draft.mcpServers.touch = nodeServer(MARKER_SERVER, marker);
    });
    await engine.close();
    await edit;
    await first;
    expect(engine.currentConfig().mcpServers.touch).toBeDefined();
    // Give a wrongly spawned child time to write its marker; none may exist.
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(marker)).toBe(false);
  });
});

/** Live processes whose command line mentions `marker` (Linux: /proc). */
function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (/^\d+$/.test(name)) {
      try {
        if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) {
          out.push(Number(name));
        }
      } catch {
        // gone already
      }
    }
  }
  return out;
}

describe('a start-up that fails half-way', () => {
  it.runIf(process.platform === 'linux')(
    'releases what it acquired (port, servers, watcher) and reports the start-up error',
    async () => {
      const state = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-engine-sleepy-'));
      dirs.push(state);
      const folder = folderWith({ sleepy: nodeServer(SLEEPY, state), mem: nodeServer(MEMORY, state) });
      // The last step, writing the runtime file, fails: a folder stands where the file goes.
      mkdirSync(path.join(folder.dataDir, 'gateway.json'), { recursive: true });
      const port = await freePort();
      // As the app starts it: watching its config and writing its runtime file.
      const asTheApp = { watchConfig: true, writeRuntimeFile: true };
      const err = await startEngine(folder, port, asTheApp).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as NodeJS.ErrnoException | undefined)?.code).toMatch(/^(EISDIR|ENOTDIR|EEXIST|EPERM)$/);
      expect(await connectable(port)).toBe(false);
      // Every child it spawned is stopped (bounded wait: the stop ladder takes a moment).
      for (let i = 0; i < 100 && processesWith(state).length > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(processesWith(state)).toEqual([]);
      // Nothing was left to close: the same port and folders start a gateway again.
      rmSync(path.join(folder.dataDir, 'gateway.json'), { recursive: true });
      const engine = await startEngine(folder, port, asTheApp);
      expect(engine.port).toBe(port);
    },
  );
});

/** The first `/api/v1/events` bytes replayed after Last-Event-ID 0, until `until` appears. */
function replayedEvents(engine: Engine, until: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const u = new URL(engine.url);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: '/api/v1/events',
        headers: {
          authorization: `Bearer ${engine.token}`,
          'last-event-id': '0',
          accept: 'text/event-stream',
        },
      },
      (res) => {
        let text = '';
        const timer = setTimeout(() => {
          req.destroy();
          resolve(text);
        }, 10_000);
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          if (text.includes(until)) {
            clearTimeout(timer);
            req.destroy();
            resolve(text);
          }
        });
      },
    );
    req.on('error', (err) =>
      err.message.includes('aborted') || err.message.includes('socket hang up') ? undefined : reject(err),
    );
    req.end();
  });
}

describe('the control plane, loaded on first use', () => {
  it('has the metrics and the events of everything that happened before it loaded', async () => {
    const gw = await gatewayWith({ mem: nodeServer(MEMORY) });
    // MCP traffic only: the tool call happens before any control-plane request.
    const { client, close } = await gw.connect({ name: 'engine-test' });
    const result = await client.callTool({ name: 'mem__read_graph', arguments: {} });
    expect(result.isError ?? false).toBe(false);
    await close();

    const m = await gw.api.call(metrics);
    expect(m.tools.find((t) => t.tool === 'read_graph')?.calls).toBe(1);
    const stream = await replayedEvents(gw.engine, '"state":"running"');
    expect(stream).toContain('"type":"server.state"');
    expect(stream).toContain('"state":"starting"');
    expect(stream).toContain('"state":"running"');
  });
});
