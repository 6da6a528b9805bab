import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { catalogSettings, linkInMemory } from '../../../test/lib/catalog.js';
import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { silentLogger as quiet } from '../telemetry/index.js';
import type { BackendConnection, SupervisorApi } from '../types.js';
import type { ListChange } from './changes.js';
import { createListCache } from './list-cache.js';
import { fetchLists, loadsSettled, startLoading } from './list-loading.js';
import { createListState, type ServerListDeps } from './list-state.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

async function notesServer(withPrompts = true) {
  const mcp = new McpServer({ name: 'notes', version: '1.0.0' }, { instructions: 'for notes' });
  mcp.registerTool('add', {}, async () => ({ content: [] }));
  if (withPrompts) {
    mcp.registerPrompt('greet', {}, async () => ({ messages: [] }));
  }
  const link = await linkInMemory(mcp);
  closers.push(link.close);
  return {
    server: 'notes',
    client: link.client,
    era: 'legacy',
    instructions: 'for notes',
  } as unknown as BackendConnection;
}

const cfg: ServerConfig = { command: 'x' };

function depsFor(live: () => BackendConnection | undefined) {
  const changes: ListChange[] = [];
  const renewed: BackendConnection[] = [];
  const listCache = createListCache(undefined);
  const deps: ServerListDeps = {
    supervisor: { connection: () => live() } as unknown as SupervisorApi,
    settings: () => catalogSettings({ notes: cfg }),
    listCache,
    changed: (_s, change) => changes.push(change),
    renew: (_s, c) => renewed.push(c),
    bus: createEventBus(),
    clock: manualClock(),
    logger: quiet,
  };
  return { deps, changes, renewed, listCache };
}

describe('list loading', () => {
  it('lists every kind, a kind the server does not offer as empty', async () => {
    const conn = await notesServer(false);
    const lists = await fetchLists(conn.client, quiet, 5_000);
    expect(lists.tools.map((t) => t.name)).toEqual(['add']);
    expect(lists.prompts).toEqual([]);
    expect(lists.resources).toEqual([]);
  });

  it('loads over the live connection, reports it, caches it and renews subscriptions', async () => {
    const conn = await notesServer();
    const { deps, changes, renewed, listCache } = depsFor(() => conn);
    const state = createListState();
    startLoading(state, deps, 'notes', conn);
    expect(state.loading.has('notes')).toBe(true);
    await loadsSettled(state);
    expect(state.loading.size).toBe(0);
    expect(state.lists.get('notes')?.prompts.map((p) => p.name)).toEqual(['greet']);
    expect(state.loadedFrom.get('notes')).toBe(conn.client);
    expect(changes).toEqual([{ tools: true, resources: true, prompts: true }]);
    expect(renewed).toEqual([conn]);
    expect(listCache.get('notes', cfg)?.instructions).toBe('for notes');
  });

  it('drops what a connection that went away meanwhile listed', async () => {
    const conn = await notesServer();
    const { deps, changes, renewed } = depsFor(() => undefined);
    const state = createListState();
    startLoading(state, deps, 'notes', conn);
    await loadsSettled(state);
    expect(state.lists.size).toBe(0);
    expect(changes).toEqual([]);
    expect(renewed).toEqual([]);
  });
});
