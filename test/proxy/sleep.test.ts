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

import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';

import { type CachedLists, createListCache } from '../../src-main/engine/catalog/list-cache.js';
import type { Engine } from '../../src-main/engine/engine.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { type Gateway, type GatewaySettings, startGateway } from '../lib/gateway.js';
import { fixture, nodeServer } from '../lib/paths.js';
import { waitFor } from '../lib/wait.js';

/**
 * Sleeping servers end to end: the real engine, real children (the `sleepy` fixture records each
 * start in its state folder), real MCP clients over HTTP on 127.0.0.1.
 */
interface Home {
  gw: Gateway;
  dir: string;
  state: string;
}

let home: Home | undefined;

afterEach(async () => {
  await home?.gw.close();
  if (home !== undefined) {
    rmSync(home.dir, { recursive: true, force: true });
  }
  home = undefined;
});

const spawnCount = (h: Home) => {
  const file = path.join(h.state, 'spawns');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0;
};

const waitUntil = (check: () => boolean, what: string) => waitFor(check, what, 400, 25);

async function boot(h: Home): Promise<Engine> {
  await h.gw.restart();
  return h.gw.engine;
}

async function connect(h: Home): Promise<V1Client> {
  return (await h.gw.connect({ name: 'sleep-test' })).client;
}

/**
 * First run: no cache, so the server starts, lists, and its lists are written to the cache; the
 * gateway is stopped after, its folder kept for the next boot().
 */
async function primedHome(gateway: GatewaySettings = {}): Promise<Home> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-sleep-'));
  const state = path.join(dir, 'sleepy-state');
  mkdirSync(state);
  const gw = await startGateway({ sleepy: nodeServer(fixture('servers/sleepy.mjs'), state) }, gateway, {
    dir,
  });
  home = { gw, dir, state };
  await waitUntil(
    () => gw.engine.ctx.catalog.tools().some((t) => t.server === 'sleepy'),
    'the first listing',
  );
  await gw.stop();
  expect(readdirSync(path.join(dir, 'data', 'list-cache'))).toEqual(['sleepy.json']);
  return home;
}

describe('sleeping servers (engine)', () => {
  it('after a restart lists a cached server at once without spawning it; the first call wakes it', async () => {
    const h = await primedHome();
    expect(spawnCount(h)).toBe(1);

    const engine = await boot(h);
    expect(engine.ctx.supervisor.get('sleepy')?.state).toBe('sleeping');
    const client = await connect(h);
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
    const h = await primedHome();
    // 49 more servers, cached with what the real one listed (the same API the catalog saves with).
    const file = h.gw.configFile;
    const config = JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: Record<string, ServerConfig> };
    const sleepy = config.mcpServers['sleepy'] as ServerConfig;
    const dataDir = h.gw.dataDir;
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
    const client = await connect(h);
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
    const h = await primedHome({ mode: 'meta' });
    const engine = await boot(h);
    const client = await connect(h);
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
    const h = await primedHome();
    const engine = await boot(h);
    const client = await connect(h);
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
    await h.gw.stop();
    // A head line (key, digests, instructions), then the lists.
    const [, listsLine] = readFileSync(path.join(h.gw.dataDir, 'list-cache', 'sleepy.json'), 'utf8').split(
      '\n',
    );
    const lists = JSON.parse(listsLine as string) as {
      tools: Array<{ name: string }>;
      serverInfo: { name: string };
      instructions: string;
    };
    expect(lists.tools.map((t) => t.name)).toEqual(['echo', 'shout']);
    expect(lists.serverInfo.name).toBe('sleepy');
    expect(lists.instructions).toBe('A server that sleeps.');
  });

  it('an unchanged list on wake sends no list_changed', async () => {
    const h = await primedHome();
    await boot(h);
    // Past the debounce of the start-up listing (from the cache), which tells the dashboard.
    await new Promise((r) => setTimeout(r, 200));
    const client = await connect(h);
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
    const h = await primedHome();
    writeFileSync(path.join(h.state, 'crash-on-start'), 'fatal: config file missing');
    await boot(h);
    const client = await connect(h);
    const result = await client
      .callTool({ name: 'sleepy__echo', arguments: { text: 'x' } })
      .catch((e: unknown) => e);
    expect(String((result as Error).message)).toMatch(
      /Server "sleepy" was started for this request and failed: server 'sleepy' exited with code 2 before the MCP handshake finished — stderr: fatal: config file missing/,
    );
  });

  it('a config change makes the cache invalid: the server starts at launch again', async () => {
    const h = await primedHome();
    const file = h.gw.configFile;
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
