import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';

import { createApiClient } from '../../src-shared/api/client.js';
import { metrics } from '../../src-shared/api/routes.js';
import { isGatewayError } from '../../src-shared/errors.js';
import { createEngine, type Engine } from './engine.js';
import { silentLogger } from './telemetry/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEMORY = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const MARKER_SERVER = path.join(ROOT, 'test/fixtures/servers/touch-marker.mjs');
const SLEEPY = path.join(ROOT, 'test/fixtures/servers/sleepy.mjs');

const dirs: string[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.allSettled(engines.splice(0).map((e) => e.close()));
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

function configDir(mcpServers: Record<string, unknown>): { configFile: string; dataDir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-engine-'));
  dirs.push(dir);
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ mcpServers }, null, 2));
  return { configFile, dataDir: path.join(dir, 'data') };
}

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
    const paths = configDir({ mem: { command: process.execPath, args: [MEMORY] } });
    const port = await freePort();
    const starting = createEngine({
      paths,
      host: '127.0.0.1',
      port,
      logger: silentLogger,
      watchConfig: false,
      writeRuntimeFile: false,
    });
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
    const engine = await starting;
    engines.push(engine);
    expect(foreign).toBe(403);
    expect(noToken).toBe(401);
  });

  it('fails on a port in use before it spawns any server', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as net.AddressInfo;
    const marker = path.join(os.tmpdir(), `mcpgw-engine-marker-${process.pid}-${port}`);
    try {
      const paths = configDir({ touch: { command: process.execPath, args: [MARKER_SERVER, marker] } });
      const err = await createEngine({
        paths,
        host: '127.0.0.1',
        port,
        logger: silentLogger,
        watchConfig: false,
        writeRuntimeFile: false,
      }).then(
        (e) => {
          engines.push(e);
          return undefined;
        },
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
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-engine-close-'));
    dirs.push(dir);
    const marker = path.join(dir, 'spawned');
    const paths = configDir({ mem: { command: process.execPath, args: [MEMORY] } });
    const engine = await createEngine({
      paths,
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      watchConfig: false,
      writeRuntimeFile: false,
    });
    engines.push(engine);
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
      draft.mcpServers.touch = { command: process.execPath, args: [MARKER_SERVER, marker] };
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
      const paths = configDir({
        sleepy: { command: process.execPath, args: [SLEEPY, state] },
        mem: { command: process.execPath, args: [MEMORY, state] },
      });
      // The last step, writing the runtime file, fails: a folder stands where the file goes.
      mkdirSync(path.join(paths.dataDir, 'gateway.json'), { recursive: true });
      const port = await freePort();
      const err = await createEngine({ paths, host: '127.0.0.1', port, logger: silentLogger }).then(
        (e) => {
          engines.push(e);
          return undefined;
        },
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
      rmSync(path.join(paths.dataDir, 'gateway.json'), { recursive: true });
      const engine = await createEngine({ paths, host: '127.0.0.1', port, logger: silentLogger });
      engines.push(engine);
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
    const paths = configDir({ mem: { command: process.execPath, args: [MEMORY] } });
    const engine = await createEngine({
      paths,
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      watchConfig: false,
      writeRuntimeFile: false,
    });
    engines.push(engine);
    // MCP traffic only: the tool call happens before any control-plane request.
    const client = new Client({ name: 'engine-test', version: '1.0.0' });
    const { token } = await engine.ctx.identity!.create('engine-test');
    await client.connect(
      new StreamableHTTPClientTransport(new URL(engine.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const result = await client.callTool({ name: 'mem__read_graph', arguments: {} });
    expect(result.isError ?? false).toBe(false);
    await client.close();

    const api = createApiClient({
      baseUrl: engine.url,
      token: engine.token,
      fetch: ((url: string, init: unknown) => fetch(url, init as RequestInit)) as never,
    });
    const m = await api.call(metrics);
    expect(m.tools.find((t) => t.tool === 'read_graph')?.calls).toBe(1);
    const stream = await replayedEvents(engine, '"state":"running"');
    expect(stream).toContain('"type":"server.state"');
    expect(stream).toContain('"state":"starting"');
    expect(stream).toContain('"state":"running"');
  });
});
