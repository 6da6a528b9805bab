import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { selectTools } from './select.js';
import { tokenizerLoaded } from './tokens.js';

const tool = (name: string, description = 'does a thing'): Tool => ({
  name,
  description,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
});

describe('the tokenizer loads only when a figure is needed', () => {
  it('selects by filters and tool-count budgets without counting tokens', () => {
    const s = selectTools(
      [{ server: 'a', tools: [tool('x'), tool('y'), tool('z')], controls: { deny: ['y'], maxTools: 1 } }],
      { compaction: false, maxTools: 5 },
    );
    expect(s.entries.map((e) => [e.name, e.visible, e.hiddenReason])).toEqual([
      ['x', true, undefined],
      ['y', false, 'denied'],
      ['z', false, 'budget'],
    ]);
    expect(s.totals.visibleTools).toBe(1);
    expect(tokenizerLoaded()).toBe(false);
  });

  it('counts on first read, and a token budget counts while selecting', () => {
    const s = selectTools([{ server: 'a', tools: [tool('x')] }], { compaction: false });
    expect(s.entries[0]?.tokens).toBeGreaterThan(10);
    expect(tokenizerLoaded()).toBe(true);
    expect(s.totals.allTokens).toBe(s.entries[0]?.fullTokens);
    const budgeted = selectTools([{ server: 'a', tools: [tool('x'), tool('y', 'long '.repeat(200))] }], {
      compaction: false,
      maxTokens: 60,
    });
    expect(budgeted.entries.map((e) => e.visible)).toEqual([true, false]);
  });
});
