import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1HttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';

import { type CachedLists, createListCache } from '../../src-main/engine/catalog/list-cache.js';
import { createEngine, type Engine } from '../../src-main/engine/engine.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';
import type { GatewayConfigInput, ServerConfig } from '../../src-shared/config.js';
import { fixture, nodeServer } from '../lib/paths.js';

/**
 * Sleeping servers end to end: the real engine, real children (the `sleepy` fixture records each
 * start in its state folder), real MCP clients over HTTP on 127.0.0.1.
 */
interface Home {
  dir: string;
  state: string;
  engine?: Engine;
  clients: V1Client[];
}

let home: Home | undefined;

afterEach(async () => {
  for (const c of home?.clients ?? []) {
    await c.close().catch(() => undefined);
  }
  await home?.engine?.close();
  if (home !== undefined) {
    rmSync(home.dir, { recursive: true, force: true });
  }
  home = undefined;
});

function newHome(gateway: GatewayConfigInput['gateway'] = {}): Home {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-sleep-'));
  const state = path.join(dir, 'sleepy-state');
  mkdirSync(state);
  const config = {
    gateway: {
      // About sleeping servers, not client tokens (test/identity covers those).
      clientAuth: 'off' as const,
      supervisor: {
        pingIntervalMs: 600_000,
        startTimeoutMs: 20_000,
        backoffInitialMs: 50,
        backoffMaxMs: 400,
        backoffJitter: 0,
        stopGraceMs: 300,
      },
      ...gateway,
    },
    mcpServers: { sleepy: nodeServer(fixture('servers/sleepy.mjs'), state) },
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  home = { dir, state, clients: [] };
  return home;
}

async function boot(h: Home): Promise<Engine> {
  await h.engine?.close();
  h.engine = await createEngine({
    paths: { configFile: path.join(h.dir, 'config.json'), dataDir: path.join(h.dir, 'data') },
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    watchConfig: false,
    writeRuntimeFile: false,
  });
  return h.engine;
}

const spawnCount = (h: Home) => {
  const file = path.join(h.state, 'spawns');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0;
};

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function connect(h: Home, engine: Engine): Promise<V1Client> {
  const client = new V1Client({ name: 'sleep-test', version: '1.0.0' });
  await client.connect(new V1HttpTransport(new URL(engine.mcpUrl)));
  h.clients.push(client);
  return client;
}

/** First run: no cache, so the server starts, lists, and its lists are written to the cache. */
async function primeCache(h: Home): Promise<void> {
  const engine = await boot(h);
  await waitUntil(() => engine.ctx.catalog.tools().some((t) => t.server === 'sleepy'), 'the first listing');
  await engine.close();
  h.engine = undefined;
  expect(readdirSync(path.join(h.dir, 'data', 'list-cache'))).toEqual(['sleepy.json']);
}

describe('sleeping servers (engine)', () => {
  it('after a restart lists a cached server at once without spawning it; the first call wakes it', async () => {
    const h = newHome();
    await primeCache(h);
    expect(spawnCount(h)).toBe(1);

    const engine = await boot(h);
    expect(engine.ctx.supervisor.get('sleepy')?.state).toBe('sleeping');
    const client = await connect(h, engine);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['sleepy__echo']);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['sleepy://note']);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['sleepy__greet']);
    expect(spawnCount(h)).toBe(1); // listed from the cache: nothing was spawned

    // Several first calls at once (the hot path): the server starts once and every call goes through.
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((text) => client.callTool({ name: 'sleepy__echo', arguments: { text } })),
    );
    expect(results.map((r) => (r.content as Array<{ text: string }>)[0]?.text.split(' (')[0])).toEqual([
      'echo: a',
      'echo: b',
      'echo: c',
      'echo: d',
    ]);
    expect(spawnCount(h)).toBe(2);
    expect(engine.ctx.supervisor.get('sleepy')?.state).toBe('running');
  });

  it('with 50 cached servers, the first tools/list after a restart has every tool and nothing is spawned', async () => {
    const h = newHome();
    await primeCache(h);
    // 49 more servers, cached with what the real one listed (the same API the catalog saves with).
    const file = path.join(h.dir, 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: Record<string, ServerConfig> };
    const sleepy = config.mcpServers['sleepy'] as ServerConfig;
    const dataDir = path.join(h.dir, 'data');
    const cached = createListCache(dataDir).get('sleepy', sleepy);
    expect(cached).toBeDefined();
    const { savedAt: _savedAt, footprintBytes: _footprint, ...lists } = cached as CachedLists;
    const cache = createListCache(dataDir);
    for (let i = 2; i <= 50; i++) {
      const entry = { ...sleepy, env: { COPY: String(i) } };
      config.mcpServers[`sleepy${i}`] = entry;
      cache.set(`sleepy${i}`, entry, lists);
    }
    await cache.flush();
    writeFileSync(file, JSON.stringify(config));

    const engine = await boot(h);
    const client = await connect(h, engine);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(50);
    expect(tools.map((t) => t.name)).toContain('sleepy50__echo');
    expect(engine.ctx.supervisor.list().filter((s) => s.state === 'sleeping')).toHaveLength(50);
    expect(spawnCount(h)).toBe(1); // only the first run's start

    // A call wakes its own server and no other.
    await client.callTool({ name: 'sleepy7__echo', arguments: { text: 'x' } });
    expect(engine.ctx.supervisor.get('sleepy7')?.state).toBe('running');
    expect(engine.ctx.supervisor.list().filter((s) => s.state === 'sleeping')).toHaveLength(49);
    expect(spawnCount(h)).toBe(2);
  });

  it('wakes on each kind of request that needs the server', async () => {
    const h = newHome({ mode: 'meta' });
    await primeCache(h);
    const engine = await boot(h);
    const client = await connect(h, engine);
    const sup = engine.ctx.supervisor;
    const requests: Record<string, () => Promise<unknown>> = {
      'tools/call with a progress token': () =>
        client.callTool(
          { name: 'gateway__call_tool', arguments: { id: 'sleepy__echo', arguments: { text: 'p' } } },
          undefined,
          {
            onprogress: () => undefined,
          },
        ),
      'resources/read': () => client.readResource({ uri: 'sleepy://note' }),
      'prompts/get': () => client.getPrompt({ name: 'sleepy__greet', arguments: { name: 'Ada' } }),
      'completion/complete': () =>
        client.complete({
          ref: { type: 'ref/prompt', name: 'sleepy__greet' },
          argument: { name: 'name', value: 'A' },
        }),
      'describe in meta mode': () =>
        client.callTool({ name: 'gateway__describe_tool', arguments: { id: 'sleepy__echo' } }),
      'resources/subscribe': () => client.subscribeResource({ uri: 'sleepy://note' }),
    };
    let spawns = spawnCount(h);
    for (const [what, request] of Object.entries(requests)) {
      if (sup.get('sleepy')?.state !== 'sleeping') {
        await sup.sleep('sleepy', 'test');
      }
      expect(sup.get('sleepy')?.state, what).toBe('sleeping');
      const result = await request();
      expect(result, what).toBeDefined();
      expect(sup.get('sleepy')?.state, what).toBe('running');
      expect(spawnCount(h), what).toBe(spawns + 1);
      spawns += 1;
    }
    // The subscription made last holds it awake, and says so.
    expect(sup.get('sleepy')?.sleepBlockers).toEqual(['a client holds a resource subscription']);
    await expect(sup.sleep('sleepy')).rejects.toThrow(
      /cannot sleep now: a client holds a resource subscription/,
    );
    await client.unsubscribeResource({ uri: 'sleepy://note' });
    expect(sup.get('sleepy')?.sleepBlockers).toEqual([]);
    // Listing never wakes it.
    await sup.sleep('sleepy');
    await client.listTools();
    await client.callTool({ name: 'gateway__search_tools', arguments: { query: 'echo' } });
    expect(sup.get('sleepy')?.state).toBe('sleeping');
    expect(spawnCount(h)).toBe(spawns);
  });

  it('a list that changed while it slept reaches clients as list_changed and updates the cache', async () => {
    const h = newHome();
    await primeCache(h);
    const engine = await boot(h);
    const client = await connect(h, engine);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['sleepy__echo']);
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      changed += 1;
    });
    writeFileSync(path.join(h.state, 'tools.json'), JSON.stringify(['echo', 'shout']));
    await client.callTool({ name: 'sleepy__echo', arguments: { text: 'x' } });
    await waitUntil(() => changed > 0, 'tools/list_changed');
    // The new tool is known; tool trust holds it back from clients until it is reviewed.
    await waitUntil(
      () => engine.ctx.catalog.tools().some((t) => t.name === 'shout'),
      'the new tool in the catalog',
    );
    expect(engine.ctx.catalog.tools().find((t) => t.name === 'shout')?.visible).toBe(false);
    await engine.close();
    h.engine = undefined;
    const cached = JSON.parse(
      readFileSync(path.join(h.dir, 'data', 'list-cache', 'sleepy.json'), 'utf8'),
    ) as {
      lists: { tools: Array<{ name: string }>; serverInfo: { name: string }; instructions: string };
    };
    expect(cached.lists.tools.map((t) => t.name)).toEqual(['echo', 'shout']);
    expect(cached.lists.serverInfo.name).toBe('sleepy');
    expect(cached.lists.instructions).toBe('A server that sleeps.');
  });

  it('an unchanged list on wake sends no list_changed', async () => {
    const h = newHome();
    await primeCache(h);
    const engine = await boot(h);
    // Past the debounce of the start-up listing (from the cache), which tells the dashboard.
    await new Promise((r) => setTimeout(r, 200));
    const client = await connect(h, engine);
    await client.listTools();
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      changed += 1;
    });
    await client.callTool({ name: 'sleepy__echo', arguments: { text: 'x' } });
    // The change debounce is 50 ms; a round trip after it shows nothing was sent.
    await new Promise((r) => setTimeout(r, 200));
    await client.listTools();
    expect(changed).toBe(0);
  });

  it('a crash while waking gives the waiting call a clear error', async () => {
    const h = newHome();
    await primeCache(h);
    writeFileSync(path.join(h.state, 'crash-on-start'), 'fatal: config file missing');
    const engine = await boot(h);
    const client = await connect(h, engine);
    const result = await client
      .callTool({ name: 'sleepy__echo', arguments: { text: 'x' } })
      .catch((e: unknown) => e);
    expect(String((result as Error).message)).toMatch(
      /Server "sleepy" was started for this request and failed: server 'sleepy' exited with code 2 before the MCP handshake finished — stderr: fatal: config file missing/,
    );
  });

  it('a config change makes the cache invalid: the server starts at launch again', async () => {
    const h = newHome();
    await primeCache(h);
    const file = path.join(h.dir, 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as {
      mcpServers: { sleepy: { env?: Record<string, string> } };
    };
    config.mcpServers.sleepy.env = { GREETING: 'hi' };
    writeFileSync(file, JSON.stringify(config));
    const engine = await boot(h);
    await waitUntil(() => engine.ctx.supervisor.get('sleepy')?.state === 'running', 'a start at launch');
    expect(spawnCount(h)).toBe(2);
  });
});
