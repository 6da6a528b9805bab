import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';

import { catalogSettings, linkInMemory } from '../../../test/lib/catalog.js';
import { manualClock } from '../../../test/lib/clock.js';
import { createEventBus } from '../events.js';
import { silentLogger as quiet } from '../telemetry/index.js';
import type { SupervisorApi } from '../types.js';
import { CHANGE_DEBOUNCE_MS, type ListChange } from './changes.js';
import { createListRefresh } from './list-refresh.js';
import { createListState } from './list-state.js';
import type { ServerLists } from './views.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

async function setup() {
  const mcp = new McpServer({ name: 'notes', version: '1.0.0' });
  mcp.registerTool('add', {}, async () => ({ content: [] }));
  const { client, close } = await linkInMemory(mcp);
  closers.push(close);
  let requests = 0;
  const request = client.request.bind(client);
  client.request = ((...args: Parameters<typeof request>) => {
    requests += 1;
    return request(...args);
  }) as typeof client.request;
  const clock = manualClock();
  const state = createListState();
  state.lists.set('notes', { tools: [], resources: [], resourceTemplates: [], prompts: [] } as ServerLists);
  state.loadedFrom.set('notes', client);
  const changes: ListChange[] = [];
  const refresh = createListRefresh(state, {
    supervisor: {} as SupervisorApi,
    settings: () => catalogSettings({ notes: { command: 'x' } }),
    listCache: undefined,
    changed: (_s, change) => changes.push(change),
    renew: () => undefined,
    bus: createEventBus(),
    clock,
    logger: quiet,
  });
  closers.push(async () => refresh.close());
  const names = () => state.lists.get('notes')?.tools.map((t) => t.name);
  /** Let the fetch that the debounce started answer. */
  const answered = async () => {
    await expect.poll(() => client.listTools().then(() => true)).toBe(true);
    await new Promise((r) => setImmediate(r));
  };
  return { mcp, client, clock, state, changes, refresh, names, answered, requests: () => requests };
}

describe('list refresh', () => {
  it('fetches one kind once per burst and reports the change of that kind', async () => {
    const s = await setup();
    s.refresh.refresh('notes', s.client, 'tools');
    s.refresh.refresh('notes', s.client, 'tools');
    expect(s.clock.pending()).toEqual([CHANGE_DEBOUNCE_MS]);
    s.clock.advance(CHANGE_DEBOUNCE_MS);
    await expect.poll(() => s.names()).toEqual(['add']);
    expect(s.changes).toEqual([{ tools: true, resources: false, prompts: false }]);
    // The same list again is no change.
    s.refresh.refresh('notes', s.client, 'tools');
    s.clock.advance(CHANGE_DEBOUNCE_MS);
    await s.answered();
    expect(s.changes).toHaveLength(1);
  });

  it('ignores a refresh from a connection the lists no longer come from, and stops on close', async () => {
    const s = await setup();
    s.state.loadedFrom.delete('notes');
    s.refresh.refresh('notes', s.client, 'tools');
    s.clock.advance(CHANGE_DEBOUNCE_MS);
    expect(s.requests()).toBe(0);
    await s.answered();
    expect(s.names()).toEqual([]);
    s.state.loadedFrom.set('notes', s.client);
    s.refresh.refresh('notes', s.client, 'tools');
    s.refresh.close();
    expect(s.clock.pending()).toEqual([]);
    expect(s.changes).toEqual([]);
  });
});
