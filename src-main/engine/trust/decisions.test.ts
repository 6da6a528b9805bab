import { afterEach, describe, expect, it } from 'vitest';

import { tool, type TrustFixture, trustFixture } from '../../../test/lib/trust.js';
import { approve, reject } from './decisions.js';
import { evaluateListing } from './evaluate.js';
import { openPinStore } from './store.js';

let fx: TrustFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

describe('approving and rejecting', () => {
  it('approves the held tools: pinned on disk, listeners told, an event with what is still held', async () => {
    fx = await trustFixture({ a: 'everything-new' });
    evaluateListing(fx.state, [{ server: 'a', tools: [tool('x'), tool('y')] }]);
    let told = 0;
    const state = fx.state;
    // As in the engine, a listener selects again, which evaluates the listing again.
    state.listeners.add(() => {
      told += 1;
      evaluateListing(state, [{ server: 'a', tools: [tool('x'), tool('y')] }]);
    });
    fx.state.listeners.add(() => {
      throw new Error('a broken listener does not stop the others');
    });
    const d = await approve(fx.state, 'a', ['x']);
    expect(d).toMatchObject({
      server: 'a',
      tools: ['x'],
      message: expect.stringContaining('Approved 1 tool(s)'),
    });
    expect(told).toBe(1);
    expect(openPinStore(fx.dir, quiet).get('a')?.tools.x?.by).toBe('user');
    expect(fx.events.at(-1)).toMatchObject({ type: 'trust.changed', reason: 'approved', held: 1 });
    expect((await approve(fx.state, 'a', [])).message).toContain('Nothing of server "a"');
  });

  it("keeps the user's switch off under a renamed tool's new name", async () => {
    fx = await trustFixture({ a: undefined });
    evaluateListing(fx.state, [{ server: 'a', tools: [tool('old', 'Body.')] }]);
    await fx.config.update((dr) => {
      const s = dr.mcpServers.a as { tools?: { disabled?: string[] } };
      s.tools = { disabled: ['old'] };
    });
    evaluateListing(fx.state, [{ server: 'a', tools: [tool('new', 'Body.')] }]);
    const d = await approve(fx.state, 'a');
    expect(d.carried).toEqual(['old → new']);
    expect(d.message).toContain('Kept switched off under the new name: new.');
    expect(fx.config.current().mcpServers.a?.tools?.disabled).toEqual(['old', 'new']);
  });

  it('rejects the waiting tools until they change, and refuses to reject an approved one', async () => {
    fx = await trustFixture({ a: undefined });
    evaluateListing(fx.state, [{ server: 'a', tools: [tool('x')] }]);
    await expect(reject(fx.state, 'a', ['x'])).rejects.toThrow(/"x" of server "a" is approved/);
    evaluateListing(fx.state, [{ server: 'a', tools: [tool('x', 'Changed.')] }]);
    await Promise.resolve();
    const d = await reject(fx.state, 'a');
    expect(d).toMatchObject({ tools: ['x'], message: expect.stringContaining('Rejected 1 tool(s)') });
    expect(fx.state.latest.get('a')?.get('x')?.status).toBe('rejected');
    expect(fx.state.store.get('a')?.rejected.x).toBe(fx.state.hashOf(tool('x', 'Changed.')));
    expect(fx.events.at(-1)).toMatchObject({ reason: 'rejected', held: 1 });
    expect((await reject(fx.state, 'a')).tools).toEqual([]);
  });
});
