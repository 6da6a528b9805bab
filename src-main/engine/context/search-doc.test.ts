import { describe, expect, it } from 'vitest';

import { ct } from '../../../test/lib/context.js';
import { actionsOf, docOf, namesAProduct, pairKey, serverWords } from './search-doc.js';
import { FIELDS } from './search-weights.js';

describe('search documents', () => {
  it('indexes each field as stems with counts, stop words out', () => {
    const d = docOf(
      ct('slack', 'slack_post_message', 'Post a message to the channel. Messages are kept.', {
        title: 'Post message',
        inputSchema: {
          type: 'object',
          properties: { channel_id: { type: 'string', description: 'The channel', enum: ['general'] } },
        },
      }),
      'slack chat',
    );
    const field = (f: string) => d.tf[FIELDS.indexOf(f as (typeof FIELDS)[number])];
    expect([...(field('name')?.keys() ?? [])]).toEqual(['slack', 'post', 'messag']);
    expect(field('description')?.get('messag')).toBe(2);
    expect(field('description')?.has('the')).toBe(false);
    expect([...(field('params')?.keys() ?? [])]).toEqual(['channel', 'id']);
    expect([...(field('enums')?.keys() ?? [])]).toEqual(['gener']);
    expect(field('server')?.get('chat')).toBe(1);
    expect(d.len[FIELDS.indexOf('description')]).toBe(5);
    expect(d.nameStems).toEqual(['post', 'messag']);
    expect(d.actions.has('send')).toBe(true);
    expect(d.pairs.has(pairKey('post', 'messag'))).toBe(true);
    expect(d.summary).toBe('Post a message to the channel.');
  });

  it('reads annotations: destructive only when not also read-only', () => {
    const hints = (readOnlyHint: boolean, destructiveHint: boolean) =>
      docOf(ct('s', 'drop_table', 'Drop a table', { annotations: { readOnlyHint, destructiveHint } }), 's');
    expect(hints(false, true).destructive).toBe(true);
    expect(hints(true, true).destructive).toBe(false);
    expect(hints(true, false).readOnly).toBe(true);
  });

  it('takes actions from the name past its server prefix and from the description', () => {
    expect([...actionsOf(ct('github', 'github_delete_file', 'x').definition, 'github')]).toContain('delete');
    expect([...actionsOf(ct('s', 'files', 'Create a file').definition, 's')]).toContain('create');
  });

  it('gives a known product its categories and keys pairs without order', () => {
    expect(namesAProduct('team-slack', undefined)).toEqual(['slack']);
    expect(serverWords({ name: 'slack', title: 'Slack' }, 'slack')).toContain('messaging');
    expect(serverWords(undefined, 'widgets')).toBe('widgets    ');
    expect(pairKey('b', 'a')).toBe(pairKey('a', 'b'));
  });
});
