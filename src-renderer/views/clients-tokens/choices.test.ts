import { describe, expect, it } from 'vitest';

import { moveTargets, newTokenProfiles, tokenPrefix } from './choices.js';

describe('token choices', () => {
  it('offers default before the profiles are loaded', () => {
    expect(newTokenProfiles([])).toEqual(['default']);
    expect(newTokenProfiles(['default', 'coding'])).toEqual(['default', 'coding']);
  });

  it("lists a token's own profile first, once", () => {
    expect(moveTargets('coding', ['default', 'coding'])).toEqual(['coding', 'default']);
    expect(moveTargets('gone', ['default'])).toEqual(['gone', 'default']);
  });

  it('shows the first ten characters of a new token', () => {
    expect(tokenPrefix('mcpgw_abcdefghijklmnop')).toBe('mcpgw_abcd…');
  });
});
