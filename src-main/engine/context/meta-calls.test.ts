import { describe, expect, it } from 'vitest';

import { ct, metaDeps } from '../../../test/lib/context.js';
import type { CallContext, CatalogTool } from '../types.js';
import { createSearchMemory } from './learned.js';
import { callTool, describeTool, type MetaCallParts, searchTools } from './meta-calls.js';
import { createPendingSearches } from './meta-pending.js';
import { createMetaSearch } from './meta-search.js';
import type { MetaDeps } from './meta-types.js';

const tools: CatalogTool[] = [
  ct('s', 'send_email', 'Send an email message'),
  ct('s', 'read_file', 'Read a file'),
  {
    ...ct('s', 'wipe', 'Wipe it'),
    visible: false,
    hiddenReason: 'held-back',
    hiddenNote: 'its description changed',
  },
];
const ctx = { sessionId: 'x', client: 'c' } as CallContext;
const text = (r: { content: unknown[] }) => (r.content[0] as { text: string }).text;

function parts(extra: Partial<MetaDeps> = {}) {
  const calls: unknown[] = [];
  const memory = createSearchMemory();
  const deps = metaDeps(tools, {
    callTool: async (ref, args) => (calls.push([ref, args]), { content: [{ type: 'text', text: 'done' }] }),
    learning: { enabled: () => true, memory },
    ...extra,
  });
  const p: MetaCallParts = { deps, search: createMetaSearch(deps), pending: createPendingSearches() };
  return { p, calls, memory };
}

describe('meta calls', () => {
  it('searches with checked arguments and says when nothing matches', async () => {
    const { p } = parts();
    expect(text(await searchTools(p, { query: 'send an email' }, ctx))).toMatch(/^s__send_email — /);
    await expect(searchTools(p, { query: ' ' }, ctx)).rejects.toThrow('"query" is required');
    await expect(searchTools(p, { query: 'x', limit: 0 }, ctx)).rejects.toThrow(
      '"limit" must be a whole number',
    );
    await expect(searchTools(p, { query: 'x', server: 3 }, ctx)).rejects.toThrow('"server" must be');
    expect(text(await searchTools(p, { query: 'zzzz qqqq' }, ctx))).toBe(
      'No tools match "zzzz qqqq". Try other words, or gateway__list_servers.',
    );
  });

  it('describes a tool under its id, after waking its server', async () => {
    const woke: string[] = [];
    let listed = tools;
    const { p } = parts({
      listTools: () => listed,
      // Waking lists the tools afresh: the description shown is the fresh one.
      wake: async (server) => {
        woke.push(server);
        listed = [ct('s', 'read_file', 'Read a file, freshly listed'), ...tools.slice(2)];
      },
    });
    const d = JSON.parse(text(await describeTool(p, { id: 's__read_file' }, ctx))) as {
      name: string;
      description: string;
    };
    expect(d).toMatchObject({ name: 's__read_file', description: 'Read a file, freshly listed' });
    expect(woke).toEqual(['s']);
    await expect(describeTool(p, { id: 's__wipe' }, ctx)).rejects.toThrow('its description changed');
    await expect(describeTool(p, { id: 's__none' }, ctx)).rejects.toThrow('use gateway__search_tools');
    await expect(describeTool(p, {}, ctx)).rejects.toThrow('"id" is required');
  });

  it('calls through unchanged and records a call of a searched tool once', async () => {
    const { p, calls, memory } = parts();
    await searchTools(p, { query: 'send an email' }, ctx);
    expect(text(await callTool(p, { id: 's__send_email', arguments: { to: 'a' } }, ctx))).toBe('done');
    expect(calls).toEqual([[{ id: 's__send_email' }, { to: 'a' }]]);
    expect(memory.lift(['email']).get('s__send_email')).toBeGreaterThan(0);
    await expect(callTool(p, { id: 's__read_file', arguments: [] }, ctx)).rejects.toThrow(
      '"arguments" must be',
    );
  });
});
