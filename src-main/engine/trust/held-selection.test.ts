import { describe, expect, it } from 'vitest';

import { tool } from '../../../test/lib/trust.js';
import { selectTools, type ServerTools } from '../context/index.js';
import type { Evaluated } from './evaluated.js';
import { heldEntry, wrapSelection } from './held-selection.js';

const e = (name: string, held: boolean): Evaluated => ({
  tool: tool(name),
  hash: name,
  findings: [],
  status: held ? 'changed' : 'approved',
  held,
});
const GLOBAL = { compaction: false };

describe('the selection with held-back tools', () => {
  it('keeps held-back tools from the policy and puts them back hidden in their listing position', () => {
    const latest = new Map([
      [
        'a',
        new Map([
          ['x', e('x', false)],
          ['y', e('y', true)],
          ['z', e('z', false)],
        ]),
      ],
    ]);
    const seen: string[][] = [];
    const select = wrapSelection(
      latest,
      () => undefined,
      (perServer, global) => {
        seen.push(perServer.flatMap((s) => s.tools.map((t) => t.name)));
        return selectTools(perServer, global);
      },
    );
    const perServer: ServerTools[] = [{ server: 'a', tools: [tool('x'), tool('y'), tool('z')] }];
    const out = select(perServer, GLOBAL);
    expect(seen).toEqual([['x', 'z']]);
    expect(out.entries.map((s) => [s.name, s.visible, s.hiddenReason])).toEqual([
      ['x', true, undefined],
      ['y', false, 'held-back'],
      ['z', true, undefined],
    ]);
    expect(out.totals.allTools).toBe(3);
    expect(out.totals.visibleTools).toBe(2);
    expect(out.totals.allTokens).toBeGreaterThan(out.totals.visibleTokens);
  });

  it("evaluates each listing first and returns the policy's own selection when nothing is held", () => {
    const latest = new Map<string, Map<string, Evaluated>>();
    const inner = selectTools([], GLOBAL);
    const select = wrapSelection(
      latest,
      (perServer) => latest.set(perServer[0]?.server ?? '', new Map([['x', e('x', false)]])),
      () => inner,
    );
    expect(select([{ server: 'a', tools: [tool('x')] }], GLOBAL)).toBe(inner);
    expect(latest.has('a')).toBe(true);
  });

  it('counts a held entry at its full size and notes how to review it', () => {
    const entry = heldEntry('a', e('y', true));
    expect(entry.tokens).toBe(entry.fullTokens);
    expect(entry.fullTokens).toBeGreaterThan(0);
    expect(entry.hiddenNote).toContain('its definition changed');
  });
});
