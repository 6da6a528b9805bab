import { describe, expect, it } from 'vitest';

import { ct, metaDeps } from '../../../test/lib/context.js';
import type { CatalogTool } from '../types.js';
import { createSearchMemory } from './learned.js';
import { createMetaSearch } from './meta-search.js';
import type { MetaDeps } from './meta-types.js';
import type { SemanticRanker } from './semantic-types.js';

const tools = [
  ct('chat', 'post_message', 'Post a message to a channel'),
  ct('mail', 'send_email', 'Send an email message'),
  { ...ct('mail', 'hidden_send', 'Send a message'), visible: false },
];
const deps = (extra: Partial<MetaDeps> = {}): MetaDeps => metaDeps(tools, extra);

describe('meta search', () => {
  it('searches the visible tools only, within a server when asked', () => {
    const s = createMetaSearch(deps());
    expect(s.visible().map((t) => t.id)).toEqual(['chat__post_message', 'mail__send_email']);
    expect(s.search('send a message').map((h) => h.id)).not.toContain('mail__hidden_send');
    expect(s.search('message', { server: 'mail' }).map((h) => h.id)).toEqual(['mail__send_email']);
  });

  it('lifts what learning remembers, only while learning is on', () => {
    const memory = createSearchMemory();
    let on = true;
    const s = createMetaSearch(deps({ learning: { enabled: () => on, memory } }));
    memory.record(['messag'], 'mail__send_email');
    expect(s.search('message')[0]?.matched).toContain('used before');
    on = false;
    expect(s.learnOn()).toBe(false);
    expect(s.search('message')[0]?.matched ?? []).not.toContain('used before');
  });

  it('fuses similarities when the ranker has them, and says why when it has none', async () => {
    const plain = await createMetaSearch(deps()).searchRanked('message');
    expect(plain.semantic).toEqual({ used: false, reason: 'semantic search is not configured' });
    let asked: string[] = [];
    const semantic = {
      scores: async (_q: string, ranked: readonly CatalogTool[]) => {
        asked = ranked.map((t) => t.id);
        return {
          scores: new Map([
            ['mail__send_email', 0.9],
            ['chat__post_message', 0.1],
          ]),
        };
      },
    } as unknown as SemanticRanker;
    const fused = await createMetaSearch(deps({ semantic })).searchRanked('message', { server: 'mail' });
    expect(asked).toEqual(['mail__send_email']);
    expect(fused.semantic).toEqual({ used: true });
    expect(fused.hits[0]?.matched).toContain('similar meaning');
    const down = { scores: async () => ({ reason: 'endpoint down' }) } as unknown as SemanticRanker;
    expect((await createMetaSearch(deps({ semantic: down })).searchRanked('message')).semantic).toEqual({
      used: false,
      reason: 'endpoint down',
    });
  });
});
