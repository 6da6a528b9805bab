import { describe, expect, it } from 'vitest';

import { tool } from '../../../test/lib/trust.js';
import { type Evaluated, heldCount, toolTrust } from './evaluated.js';

const e = (name: string, held: boolean, over: Partial<Evaluated> = {}): Evaluated => ({
  tool: tool(name),
  hash: `h-${name}`,
  findings: [],
  status: held ? 'new' : 'approved',
  held,
  ...over,
});

describe('evaluated tools', () => {
  it('shows a tool with its pinned hash and former name only when it has them', () => {
    expect(toolTrust('s', e('a', false))).toEqual({
      server: 's',
      name: 'a',
      status: 'approved',
      held: false,
      hash: 'h-a',
      findings: [],
    });
    expect(toolTrust('s', e('b', true, { pinnedHash: 'old', renamedFrom: 'c' }))).toMatchObject({
      pinnedHash: 'old',
      renamedFrom: 'c',
    });
  });

  it('counts the held-back tools of a server, none for an unknown one', () => {
    const evals = new Map([
      ['a', e('a', true)],
      ['b', e('b', false)],
      ['c', e('c', true)],
    ]);
    expect(heldCount(evals)).toBe(2);
    expect(heldCount(undefined)).toBe(0);
  });
});
