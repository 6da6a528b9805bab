import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { tool, type TrustFixture, trustFixture } from '../../../test/lib/trust.js';

let fx: TrustFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('trust state', () => {
  it("reads each server's mode live, `changes` unless configured", async () => {
    fx = await trustFixture({ a: undefined, b: 'nothing' });
    expect(fx.state.modeOf('a')).toBe('changes');
    expect(fx.state.modeOf('b')).toBe('nothing');
    await fx.config.update((d) => {
      (d.mcpServers.a as { trust?: string }).trust = 'everything-new';
    });
    expect(fx.state.modeOf('a')).toBe('everything-new');
  });

  it('hashes a definition, not the object: equal tools share a hash', async () => {
    fx = await trustFixture({ a: undefined });
    expect(fx.state.hashOf(tool('x'))).toBe(fx.state.hashOf(tool('x')));
    expect(fx.state.hashOf(tool('x'))).not.toBe(fx.state.hashOf(tool('x', 'Other.')));
  });

  it('forgets a server: its evaluation, its announcements and its pins on disk', async () => {
    fx = await trustFixture({ a: undefined });
    fx.state.store.ensure('a').tools.x = { hash: 'h', definition: {}, approvedAt: 1, by: 'user' };
    fx.state.save();
    fx.state.latest.set('a', new Map());
    fx.state.announced.set('a', new Set(['x\0h']));
    fx.state.forget('a');
    expect(fx.state.store.get('a')).toBeUndefined();
    expect(fx.state.latest.has('a')).toBe(false);
    expect(fx.state.announced.has('a')).toBe(false);
  });

  it('keeps pins in memory when the pin file cannot be written', async () => {
    fx = await trustFixture({ a: undefined });
    // A directory where the file should be makes the write fail.
    mkdirSync(path.join(fx.dir, 'tool-approvals.json'));
    fx.state.store.ensure('a').approvedAt = 5;
    expect(() => fx?.state.save()).not.toThrow();
    expect(fx.state.store.get('a')?.approvedAt).toBe(5);
    expect(existsSync(path.join(fx.dir, 'tool-approvals-definitions.json'))).toBe(true);
  });
});
