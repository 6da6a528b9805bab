import { describe, expect, it } from 'vitest';

import { META_NAMES, META_PREFIX, META_TOOL_NAMES, META_TOOLS } from './meta-definitions.js';
import { countToolTokens } from './tokens.js';

describe('meta tool definitions', () => {
  it('names every meta tool with the prefix, once each', () => {
    expect(META_TOOLS.map((t) => t.name)).toEqual(Object.values(META_TOOL_NAMES));
    expect([...META_NAMES].every((n) => n.startsWith(META_PREFIX))).toBe(true);
    expect(META_NAMES.size).toBe(4);
  });

  it('stays under 500 tokens in all', () => {
    expect(META_TOOLS.reduce((n, t) => n + countToolTokens(t), 0)).toBeLessThan(500);
  });
});
