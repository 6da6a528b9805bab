import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../lib/gateway.js';
import { rawRequest } from '../lib/http.js';

/** A gateway bound to another loopback address answers requests that name that address. */
let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({}, {}, { host: '127.0.0.2' });
});

afterAll(async () => {
  await gw?.close();
});

const initialize = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  });

describe('a bind to 127.0.0.2', () => {
  it('serves requests whose Host is that address', async () => {
    expect(gw.mcpUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/mcp$/);
    const res = await initialize(gw.mcpUrl);
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
