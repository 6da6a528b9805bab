import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';

let gw: Gateway;
beforeAll(async () => {
  gw = await startGateway({});
});
afterAll(async () => {
  await gw.close();
});

const get = (path: string, token?: string) =>
  fetch(
    `${gw.engine.url}${path}`,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  );

describe('routes outside /api/v1', () => {
  it('asks for the token before saying an old API version is not there', async () => {
    expect((await get('/api/v0/servers')).status).toBe(401);
    const old = await get('/api/v0/servers', gw.engine.token);
    expect(old.status).toBe(404);
    expect(await old.text()).toContain('the API lives under /api/v1');
  });

  it('serves /metrics as Prometheus text with the token only, and /ui without one', async () => {
    expect((await get('/metrics')).status).toBe(401);
    const m = await get('/metrics', gw.engine.token);
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toContain('text/plain');
    expect(await m.text()).toContain('# HELP');
    // The dashboard needs no token: the page is served (or, in an unbuilt tree, says how to build it).
    expect([200, 503]).toContain((await get('/ui/')).status);
  });
});
