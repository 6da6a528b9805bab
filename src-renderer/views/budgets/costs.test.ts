import { describe, expect, it } from 'vitest';

import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import { chartHeight, costByServer, costliestTools, filterTools, shorten } from './costs.js';

function tool(server: string, name: string, tokens: number, over: Partial<ToolSummary> = {}): ToolSummary {
  return {
    id: `${server}__${name}`,
    server,
    name,
    tokens,
    enabled: true,
    visible: true,
    ...over,
  } as ToolSummary;
}

const tools = [
  tool('a', 'small', 10),
  tool('a', 'hidden', 500, { visible: false }),
  tool('b', 'big', 400, { description: 'Reads the Graph' }),
  tool('c', 'mid', 200),
];

describe('costs', () => {
  it('adds visible and hidden tokens per server, the costliest visible first', () => {
    expect(costByServer(tools)).toEqual([
      { server: 'b', visible: 400, hidden: 0 },
      { server: 'c', visible: 200, hidden: 0 },
      { server: 'a', visible: 10, hidden: 500 },
    ]);
  });

  it('lists at most twelve visible tools, the costliest first', () => {
    expect(costliestTools(tools)).toEqual([
      { name: 'b__big', tokens: 400 },
      { name: 'c__mid', tokens: 200 },
      { name: 'a__small', tokens: 10 },
    ]);
    const many = Array.from({ length: 20 }, (_, i) => tool('s', `t${i}`, i));
    expect(costliestTools(many)).toHaveLength(12);
    expect(costliestTools(many)[0]).toEqual({ name: 's__t19', tokens: 19 });
  });

  it('filters by id or description in any case, the costliest first', () => {
    expect(filterTools(tools, '').map((t) => t.name)).toEqual(['hidden', 'big', 'mid', 'small']);
    expect(filterTools(tools, 'GRAPH').map((t) => t.name)).toEqual(['big']);
    expect(filterTools(tools, 'a__').map((t) => t.name)).toEqual(['hidden', 'small']);
  });

  it('sizes charts and shortens labels', () => {
    expect(chartHeight(1, 34)).toBe(140);
    expect(chartHeight(10, 34)).toBe(380);
    expect(shorten('short', 15)).toBe('short');
    expect(shorten('a-very-long-server-name', 15)).toBe('a-very-long-se…');
  });
});
