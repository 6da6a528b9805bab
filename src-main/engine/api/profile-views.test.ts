import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import { profilePreview, profileSummary } from './profile-views.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway(
    { memory: nodeServer(MEMORY) },
    { profiles: { reader: { servers: ['memory'], allow: ['memory__read_*'] } } },
  );
  await gw.ready(['memory']);
});
afterAll(async () => {
  await gw.close();
});

describe('profile views', () => {
  it('prices a profile with the tools its clients see and names its servers and clients', async () => {
    const ctx = gw.engine.ctx;
    const identity = ctx.identity;
    if (identity === undefined) {
      throw new Error('no identity');
    }
    await identity.create('laptop', 'reader');
    const s = profileSummary(ctx, identity, 'reader');
    const read = ctx.catalog.tools().filter((t) => t.visible && t.id.startsWith('memory__read_'));
    expect(s).toMatchObject({ name: 'reader', defined: true, servers: ['memory'], clients: ['laptop'] });
    expect(s.tools).toBe(read.length);
    expect(s.tokens).toBe(read.reduce((n, t) => n + t.tokens, 0));
  });

  it('previews a profile: what it selects, patterns that match nothing, pins outside it', () => {
    const ctx = gw.engine.ctx;
    const p = profilePreview(ctx, { allow: ['memory__read_*', 'memory__nothing*'], pinned: ['other__x'] });
    expect(p.selected.map((t) => t.id)).toContain('memory__read_graph');
    expect(p.unmatched).toEqual({ allow: ['memory__nothing*'], deny: [] });
    expect(p.pinnedOutside).toEqual(['other__x']);
    expect(p.all.tools).toBeGreaterThan(p.tools);
  });
});
