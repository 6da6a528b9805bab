import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { pendingRestart, updateSettings } from './settings-edits.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({});
});
afterAll(async () => {
  await gw.close();
});

describe('settings edits', () => {
  it('names the settings that changed since start and that only a restart applies', () => {
    const started = gw.engine.ctx.config.current().gateway;
    expect(pendingRestart(started, started)).toEqual([]);
    expect(pendingRestart(started, { ...started, port: started.port + 1 })).toEqual(['gateway.port']);
  });

  it('merges limits into what is set, and refuses an unknown setting or a bad value saying which', async () => {
    const ctx = gw.engine.ctx;
    const before = ctx.config.current().gateway.limits;
    await updateSettings(ctx, { limits: { maxSessions: 7 } });
    expect(ctx.config.current().gateway.limits).toEqual({ ...before, maxSessions: 7 });
    await expect(updateSettings(ctx, { colour: 'red' })).rejects.toThrow(/gateway\.colour: unknown setting/);
    await expect(updateSettings(ctx, { limits: { maxSessions: 'many' } })).rejects.toThrow(/maxSessions/);
    expect(ctx.config.current().gateway.limits.maxSessions).toBe(7);
  });
});
