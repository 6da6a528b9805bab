import { afterEach, describe, expect, it } from 'vitest';

import { tool, type TrustFixture, trustFixture } from '../../../test/lib/trust.js';
import type { Evaluated } from './evaluated.js';
import { evalsFor, targets } from './targets.js';

let fx: TrustFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const e = (name: string, held: boolean): Evaluated => ({
  tool: tool(name),
  hash: name,
  findings: [],
  status: held ? 'new' : 'approved',
  held,
});

describe('review targets', () => {
  it('refuses a server that is not configured, or that has not listed its tools yet', async () => {
    fx = await trustFixture({ a: undefined });
    const state = fx.state;
    expect(() => evalsFor(state, 'zz')).toThrow(/no server named "zz"/);
    expect(() => evalsFor(state, 'a')).toThrow(/has not listed its tools yet/);
    const evals = new Map([['x', e('x', true)]]);
    state.latest.set('a', evals);
    expect(evalsFor(state, 'a')).toBe(evals);
  });

  it('takes the named tools in the order given, or without names those picked', () => {
    const evals = new Map([
      ['x', e('x', true)],
      ['y', e('y', false)],
      ['z', e('z', true)],
    ]);
    expect(targets('a', evals, undefined, (t) => t.held).map((t) => t.tool.name)).toEqual(['x', 'z']);
    expect(targets('a', evals, ['y', 'x'], (t) => t.held).map((t) => t.tool.name)).toEqual(['y', 'x']);
    expect(() => targets('a', evals, ['x', 'q', 'r'], () => true)).toThrow(
      /does not list "q", "r"\. See what waits for review with `mcp-gateway tools review a`/,
    );
  });
});
