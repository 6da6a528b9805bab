import type { Client } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { catalogSettings, linkInMemory } from '../../../test/lib/catalog.js';
import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { silentLogger as quiet } from '../telemetry/index.js';
import type { BackendConnection, ServerStatus, SupervisorApi } from '../types.js';
import { CHANGE_DEBOUNCE_MS, type ListChange } from './changes.js';
import { createListCache, type ListCache } from './list-cache.js';
import { createServerListStore } from './server-lists.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

/** A real server whose tool list the test can grow, reached over the SDK's in-memory pair. */
async function backend(server: string, tools: string[]) {
  const mcp = new McpServer({ name: server, version: '1.0.0' });
  const add = (name: string) => mcp.registerTool(name, {}, async () => ({ content: [] }));
  tools.forEach(add);
  mcp.registerPrompt('greet', {}, async () => ({ messages: [] }));
  const { client, close } = await linkInMemory(mcp);
  closers.push(close);
  // Every request the gateway side makes, so a test can wait for its answers (not for time).
  const requests: Promise<unknown>[] = [];
  const request = client.request.bind(client);
  client.request = ((...args: Parameters<Client['request']>) => {
    const p = request(...args);
    requests.push(p);
    return p;
  }) as Client['request'];
  const answered = async () => {
    await Promise.allSettled(requests);
    await new Promise((r) => setImmediate(r));
  };
  const conn = { server, client, era: 'legacy' } as unknown as BackendConnection;
  return { conn, add, answered };
}

const cfg: ServerConfig = { command: 'x' };
const settings = catalogSettings({ notes: cfg });

/** A store over one server whose state and connection the test sets. */
function storeFor(cache: ListCache = createListCache(undefined)) {
  const clock = manualClock(1_000);
  let state = 'stopped';
  let conn: BackendConnection | undefined;
  const supervisor = {
    connection: () => conn,
    get: () => ({ state }),
    list: () => [{ name: 'notes', state } as ServerStatus],
  } as unknown as SupervisorApi;
  const changes: ListChange[] = [];
  const renewed: BackendConnection[] = [];
  const store = createServerListStore({
    supervisor,
    settings: () => settings,
    listCache: cache,
    changed: (_server, change) => changes.push(change),
    renew: (_server, c) => renewed.push(c),
    bus: createEventBus(),
    clock,
    logger: quiet,
  });
  const connect = async (c: BackendConnection | undefined, next = c === undefined ? state : 'running') => {
    conn = c;
    state = next;
    store.onConnection('notes', c);
    await store.settled();
  };
  const setState = (next: string) => {
    state = next;
    store.onState('notes', next);
  };
  return { store, clock, cache, changes, renewed, connect, setState };
}

const names = (items: { name: string }[] | undefined) => items?.map((i) => i.name);
const EVERYTHING = { tools: true, resources: true, prompts: true };

describe('createServerListStore', () => {
  it('loads the lists of a connection that comes up, reports them and keeps them in the cache', async () => {
    const b = await backend('notes', ['add']);
    const s = storeFor();
    await s.connect(b.conn);
    expect(names(s.store.lists.get('notes')?.tools)).toEqual(['add']);
    expect(names(s.store.lists.get('notes')?.prompts)).toEqual(['greet']);
    expect(s.changes).toEqual([EVERYTHING]);
    expect(s.renewed).toEqual([b.conn]);
    expect(names(s.cache.get('notes', cfg)?.tools)).toEqual(['add']);
  });

  it('keeps the lists of a server that goes to sleep, and drops those of one that stops', async () => {
    const b = await backend('notes', ['add']);
    const s = storeFor();
    await s.connect(b.conn);
    await s.connect(undefined, 'sleeping');
    expect(s.store.lists.has('notes')).toBe(true);
    s.setState('stopped');
    expect(s.store.lists.has('notes')).toBe(false);
    expect(s.changes).toEqual([EVERYTHING, EVERYTHING]);
  });

  it('serves a sleeping server from the cache, and announces only what differs once it wakes', async () => {
    const b = await backend('notes', ['add']);
    const first = storeFor();
    await first.connect(b.conn);
    const s = storeFor(first.cache);
    s.setState('sleeping');
    expect(names(s.store.lists.get('notes')?.tools)).toEqual(['add']);
    expect(s.changes).toEqual([EVERYTHING]);
    b.add('added');
    await s.connect(b.conn);
    expect(s.changes[1]).toEqual({ tools: true, resources: false, prompts: false });
  });

  it('fetches a changed list once per burst, and reports it only when it differs', async () => {
    const b = await backend('notes', ['add']);
    const s = storeFor();
    await s.connect(b.conn);
    s.changes.length = 0;
    s.store.refresh('notes', b.conn.client, 'tools');
    s.store.refresh('notes', b.conn.client, 'tools');
    expect(s.clock.pending()).toHaveLength(1);
    s.clock.advance(CHANGE_DEBOUNCE_MS);
    await b.answered();
    expect(s.changes).toEqual([]);
    b.add('added');
    s.store.refresh('notes', b.conn.client, 'tools');
    s.clock.advance(CHANGE_DEBOUNCE_MS);
    await b.answered();
    expect(s.changes).toEqual([{ tools: true, resources: false, prompts: false }]);
    expect(names(s.store.lists.get('notes')?.tools)).toEqual(['add', 'added']);
  });

  it('ignores a refresh from a connection the lists were not loaded from', async () => {
    const live = await backend('notes', ['add']);
    const old = await backend('notes', ['stale']);
    const s = storeFor();
    await s.connect(live.conn);
    s.store.refresh('notes', old.conn.client, 'tools');
    s.clock.advance(CHANGE_DEBOUNCE_MS);
    await old.answered();
    expect(names(s.store.lists.get('notes')?.tools)).toEqual(['add']);
  });

  it('drops a load whose connection went away while it listed', async () => {
    const b = await backend('notes', ['add']);
    const s = storeFor();
    const loading = s.connect(b.conn);
    await s.connect(undefined, 'stopped');
    await loading;
    expect(s.store.lists.has('notes')).toBe(false);
    expect(s.changes).toEqual([]);
  });

  it('leaves no refresh timer behind once closed', async () => {
    const b = await backend('notes', ['add']);
    const s = storeFor();
    await s.connect(b.conn);
    s.store.refresh('notes', b.conn.client, 'prompts');
    s.store.close();
    expect(s.clock.pending()).toHaveLength(0);
    s.store.refresh('notes', b.conn.client, 'prompts');
    expect(s.clock.pending()).toHaveLength(0);
  });
});
