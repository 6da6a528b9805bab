import { ProtocolError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { ANSWER_CHARS, answerText, hitLine, invalid, serversText, text } from './meta-answer.js';
import type { SearchHit } from './search-types.js';

const hit = (id: string, matched: string[] = ['a', 'b']): SearchHit => ({
  id,
  server: 's',
  name: id,
  summary: `Summary of ${id}.`,
  required: [{ name: 'path', type: 'string' }],
  matched,
  score: 1,
});

describe('meta answers', () => {
  it('writes a hit as id, summary, required parameters and why', () => {
    expect(hitLine(hit('s__read'))).toBe(
      's__read — Summary of s__read. | required: path: string | matched: a, b',
    );
    expect(hitLine({ ...hit('x', []), summary: '', required: [] })).toBe('x — (no description)');
    expect(hitLine(hit('s__read'), false)).toBe('s__read — Summary of s__read. | required: path: string');
  });

  it('drops "matched" from the last lines up only past the budget of a default answer', () => {
    const many = Array.from({ length: 20 }, (_, i) => hit(`s__tool_${i}`, ['word', 'other→bridge']));
    const full = answerText(many, false);
    expect(full.length).toBeGreaterThan(ANSWER_CHARS);
    expect(full.split('\n').every((l) => l.includes('matched'))).toBe(true);
    const lines = answerText(many, true).split('\n');
    expect(lines[0]).toContain('matched');
    expect(lines.at(-1)).not.toContain('matched');
    const few = [hit('s__a'), hit('s__b')];
    expect(answerText(few, true)).toBe(answerText(few, false));
  });

  it('lists servers, or says there are none; errors are invalid params', () => {
    expect(serversText([{ name: 'fs', state: 'running', toolCount: 3, description: 'Files' }])).toBe(
      'fs (running, 3 tools) — Files',
    );
    expect(serversText([])).toBe('No servers are configured.');
    expect(text('x', { a: 1 })).toEqual({
      content: [{ type: 'text', text: 'x' }],
      structuredContent: { a: 1 },
    });
    expect(invalid('bad')).toBeInstanceOf(ProtocolError);
  });
});
