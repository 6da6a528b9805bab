import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { handlerArgs } from '../../../test/lib/handlers.js';
import { createEventReplay } from './event-replay.js';
import { gatewayHandlers } from './gateway-routes.js';
import type { GatewayMetrics } from './metrics.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({ s: { command: 'node', args: ['x.js'], disabled: true, env: { K: 'sekrit' } } });
});
afterAll(async () => {
  await gw.close();
});

function handlers() {
  const ctx = gw.engine.ctx;
  const metrics = { snapshot: () => ({ marker: 1 }) } as unknown as GatewayMetrics;
  const replay = createEventReplay(ctx.bus);
  const h = gatewayHandlers({
    startedSettings: ctx.config.current().gateway,
    metrics,
    replay,
    openapi: () => ({ openapi: '3.1.0' }),
  });
  return { ctx, h, replay };
}

describe('gateway routes', () => {
  it('reports health, the config export without secrets, metrics and the OpenAPI document', async () => {
    const { ctx, h } = handlers();
    const health = await h.health(handlerArgs(ctx, {}));
    expect(health).toMatchObject({ ok: true, servers: 1, configFile: ctx.config.path });
    const exported = await h['config.export'](handlerArgs(ctx, {}));
    expect(JSON.stringify(exported)).not.toContain('sekrit');
    expect(await h.metrics(handlerArgs(ctx, {}))).toEqual({ marker: 1 });
    expect(await h.openapi(handlerArgs(ctx, {}))).toEqual({ openapi: '3.1.0' });
  });

  it('updates settings and names those that wait for a restart', async () => {
    const { ctx, h } = handlers();
    const port = ctx.config.current().gateway.port;
    const out = await h['settings.update'](handlerArgs(ctx, { body: { port: port + 1 } }));
    expect(out.restartRequired).toEqual(['gateway.port']);
    expect((await h['settings.get'](handlerArgs(ctx, {}))).settings.port).toBe(port + 1);
  });

  it('streams the events after the one a client saw, then live ones', () => {
    const { ctx, h, replay } = handlers();
    ctx.bus.emit({ type: 'config.changed', at: 1, source: 'api' } as never);
    ctx.bus.emit({ type: 'config.changed', at: 2, source: 'api' } as never);
    const first = replay.since(-1)[0]?.seq ?? 0;
    const sent: unknown[] = [];
    let close: (() => void) | undefined;
    const stream = { onClose: (fn: () => void) => (close = fn) };
    const req = { headers: { 'last-event-id': String(first) } };
    void h.events(
      handlerArgs(ctx, {}, { req, open: () => stream, send: (_t: string, e: unknown) => sent.push(e) }),
    );
    // Only the events of this test (the engine may emit its own meanwhile).
    const mine = () => sent.filter((e) => (e as { at: number }).at <= 4);
    expect(mine()).toMatchObject([{ at: 2 }]);
    ctx.bus.emit({ type: 'config.changed', at: 3, source: 'api' } as never);
    expect(mine()).toMatchObject([{ at: 2 }, { at: 3 }]);
    close?.();
    ctx.bus.emit({ type: 'config.changed', at: 4, source: 'api' } as never);
    expect(mine()).toHaveLength(2);
    replay.dispose();
  });
});
