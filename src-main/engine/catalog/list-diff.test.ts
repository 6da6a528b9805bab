import { describe, expect, it } from 'vitest';

import type { BackendConnection } from '../types.js';
import { cacheEntry, changeBetween, KIND_CHANGE, sameList } from './list-diff.js';
import type { ServerLists } from './views.js';

const lists = (tools: string[], templates: string[] = []): ServerLists =>
  ({
    tools: tools.map((name) => ({ name })),
    resources: [],
    resourceTemplates: templates.map((name) => ({ name })),
    prompts: [],
  }) as unknown as ServerLists;

describe('list diff', () => {
  it('says which kinds differ, every kind when nothing was served', () => {
    expect(changeBetween(undefined, lists([]))).toEqual({ tools: true, resources: true, prompts: true });
    expect(changeBetween(lists(['a']), lists(['a']))).toEqual({
      tools: false,
      resources: false,
      prompts: false,
    });
    expect(changeBetween(lists(['a']), lists(['a', 'b']))).toEqual({
      tools: true,
      resources: false,
      prompts: false,
    });
    // Templates are resources to a client.
    expect(changeBetween(lists(['a']), lists(['a'], ['t']))).toEqual({
      tools: false,
      resources: true,
      prompts: false,
    });
    expect(KIND_CHANGE.resourceTemplates).toEqual({ tools: false, resources: true, prompts: false });
    expect(sameList([{ name: 'a' }], [{ name: 'a' }])).toBe(true);
    expect(sameList([{ name: 'a' }], [{ name: 'b' }])).toBe(false);
  });

  it('keeps in the cache what the connection said of itself, and only what it said', () => {
    const conn = {
      client: { getServerCapabilities: () => ({ tools: {} }) },
      serverInfo: { name: 'notes', version: '1' },
      protocolVersion: '2025-11-25',
    } as unknown as BackendConnection;
    const entry = cacheEntry(lists(['a']), conn);
    expect(entry).toMatchObject({ capabilities: { tools: {} }, serverInfo: { name: 'notes' } });
    expect(entry.protocolVersion).toBe('2025-11-25');
    expect(entry).not.toHaveProperty('instructions');
  });
});
