import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../lib/gateway.js';
import { postInitialize, rawRequest } from '../lib/http.js';

/** A gateway bound to another loopback address answers requests that name that address. */
let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({}, {}, { host: '127.0.0.2' });
});

afterAll(async () => {
  await gw?.close();
});

describe('a bind to 127.0.0.2', () => {
  it('serves requests whose Host is that address', async () => {
    expect(gw.mcpUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/mcp$/);
    const res = await postInitialize(gw.mcpUrl);
    await res.body?.cancel();
    expect(res.status).toBe(200);
  });

  it('still refuses a foreign Host, and names the address to use', async () => {
    const { status, body } = await rawRequest(gw.mcpUrl, {
      path: '/mcp',
      headers: { host: 'rebind.example' },
    });
    expect(status).toBe(403);
    expect(body).toContain('http://127.0.0.2:');
  });
});
