import { afterEach, describe, expect, it } from 'vitest';

import { tool, type TrustFixture, trustFixture } from '../../../test/lib/trust.js';
import { evaluateListing } from './evaluate.js';
import { reviewItem, reviewList, serverTrust } from './review.js';

let fx: TrustFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('review', () => {
  it('shows a changed tool with both definitions and a diff of its description', async () => {
    fx = await trustFixture({ a: undefined });
    evaluateListing(fx.state, [{ server: 'a', tools: [tool('x', 'Before.'), tool('y')] }]);
    evaluateListing(fx.state, [{ server: 'a', tools: [tool('x', 'After.'), tool('y')] }]);
    const item = reviewItem(fx.state.store, 'a', fx.state.latest.get('a')?.get('x') as never);
    expect(item.before?.description).toBe('Before.');
    expect(item.after.description).toBe('After.');
    expect(item.diff.description).toContain('-Before.');
    expect(item.diff.description).toContain('+After.');
    expect(item.diff.schema).not.toContain('@@');
  });

  it('lists what waits per server (not rejected ones) and counts every held tool', async () => {
    fx = await trustFixture({ a: 'everything-new', b: undefined });
    evaluateListing(fx.state, [
      { server: 'a', tools: [tool('x'), tool('y')] },
      { server: 'b', tools: [tool('z')] },
    ]);
    const y = fx.state.latest.get('a')?.get('y');
    if (y !== undefined) {
      y.status = 'rejected';
    }
    const all = reviewList(fx.state, undefined);
    expect(all.items.map((i) => `${i.server}/${i.name}`)).toEqual(['a/x']);
    expect(all.held).toEqual({ a: 2 });
    expect(all.items[0]?.before).toBeUndefined();
    expect(reviewList(fx.state, 'b')).toEqual({ items: [], held: {} });
  });

  it("gives a configured server's mode, approval time and tools, nothing for an unknown one", async () => {
    fx = await trustFixture({ a: 'nothing' });
    expect(serverTrust(fx.state, 'a')).toEqual({ server: 'a', mode: 'nothing', tools: [] });
    evaluateListing(fx.state, [{ server: 'a', tools: [tool('x')] }]);
    expect(serverTrust(fx.state, 'a')).toMatchObject({ approvedAt: fx.clock.now(), tools: [{ name: 'x' }] });
    expect(serverTrust(fx.state, 'zz')).toBeUndefined();
  });
});
