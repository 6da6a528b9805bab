import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { builtIndex, ct } from '../../../test/lib/context.js';
import { explain, toHits } from './search-hits.js';
import type { Group } from './search-plan.js';

const channel: Partial<Tool> = {
  inputSchema: { type: 'object', properties: { channel: { type: 'string' } }, required: ['channel'] },
};
const index = builtIndex([
  ct('chat', 'post_message', 'Posts a message. More text.', channel),
  ct('chat', 'list_channels', 'Lists channels', channel),
]);
const post = index.ordered.find((d) => d.id === 'chat__post_message')!;

describe('search answer', () => {
  it('explains each group by its best form, bridged words as word→tool word', () => {
    const groups: Group[] = [
      {
        word: 'tell',
        forms: [
          { term: 'post', weight: 0.8 },
          { term: 'nothing', weight: 1 },
        ],
      },
      { word: 'messages', forms: [{ term: 'messag', weight: 1 }] },
      { word: 'again', forms: [{ term: 'post', weight: 1 }] },
      { word: 'absent', forms: [{ term: 'absent', weight: 1 }] },
      { word: 'messages', forms: [{ term: 'messag', weight: 0.5 }] },
    ];
    expect(explain(index, groups, post)).toEqual(['tell→post', 'messages', 'again→post']);
  });

  it('answers with the best tools, rounded scores and why they matched', () => {
    const groups: Group[] = [{ word: 'post', forms: [{ term: 'post', weight: 1 }] }];
    const other = index.ordered.find((d) => d.id === 'chat__list_channels')!;
    const hits = toHits(
      index,
      groups,
      [
        { doc: post, score: 1.23456, lex: 1, sem: 0.9, learned: 0.5 },
        { doc: other, score: 0.5, lex: 0, sem: 0, learned: 0 },
      ],
      1,
    );
    expect(hits).toEqual([
      {
        id: 'chat__post_message',
        server: 'chat',
        name: 'post_message',
        summary: 'Posts a message.',
        required: [{ name: 'channel', type: 'string' }],
        matched: ['post', 'used before', 'similar meaning'],
        score: 1.235,
      },
    ]);
  });
});
