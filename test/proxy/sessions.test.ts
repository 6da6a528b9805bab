import {
  CreateMessageRequestSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../lib/gateway.js';
import { EVERYTHING, nodeServer } from '../lib/paths.js';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

function connect(gw: Gateway, name: string, url = gw.mcpUrl) {
  return gw.connect({
    name,
    url,
    capabilities: { sampling: {} },
    setup: (client) =>
      client.setRequestHandler(CreateMessageRequestSchema, async () => ({
        role: 'assistant',
        model: 'm',
        content: { type: 'text', text: `answer for ${name}` },
      })),
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('sessions and limits', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway(
      { everything: nodeServer(EVERYTHING), iso: { ...nodeServer(EVERYTHING), isolation: 'per-session' } },
      { limits: { maxSessions: 3, maxBodyBytes: 20_000 } },
    );
    await gw.ready(['everything', 'iso']);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses a body over the limit with 413', async () => {
    const big = { ...INIT, params: { ...INIT.params, padding: 'x'.repeat(30_000) } };
    const res = await fetch(gw.mcpUrl, { method: 'POST', headers: HEADERS, body: JSON.stringify(big) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('maxBodyBytes');
  });

  it('ends a session on DELETE; its id then gets 404', async () => {
    const c = await connect(gw, 'deleter');
    const id = c.transport.sessionId as string;
    expect(gw.engine.ctx.sessions.list().some((s) => s.id === id)).toBe(true);
    await c.transport.terminateSession();
    expect(gw.engine.ctx.sessions.list().some((s) => s.id === id)).toBe(false);
    const res = await fetch(gw.mcpUrl, {
      method: 'POST',
      headers: { ...HEADERS, 'mcp-session-id': id },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(res.status).toBe(404);
    await c.client.close();
    expect(gw.events.some((e) => e.type === 'session.closed' && e.session.id === id)).toBe(true);
  });

  it('answers 503 once the session cap is reached', async () => {
    const open = [await connect(gw, 'a'), await connect(gw, 'b'), await connect(gw, 'c')];
    try {
      const res = await fetch(gw.mcpUrl, { method: 'POST', headers: HEADERS, body: JSON.stringify(INIT) });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('maxSessions');
    } finally {
      await Promise.all(open.map((c) => c.close()));
    }
  });

  it('gives per-session servers their own backend, so concurrent sampling reaches the right client', async () => {
    const [x, y] = [await connect(gw, 'client-x'), await connect(gw, 'client-y')];
    try {
      const call = (c: typeof x) =>
        c.client.callTool({
          name: 'iso__trigger-sampling-request',
          arguments: { prompt: 'p', maxTokens: 5 },
        });
      const [rx, ry] = await Promise.all([call(x), call(y)]);
      expect(JSON.stringify(rx.content)).toContain('answer for client-x');
      expect(JSON.stringify(ry.content)).toContain('answer for client-y');
    } finally {
      await Promise.all([x.close(), y.close()]);
    }
  });

  it('sends resource updates only to sessions that subscribed', async () => {
    const [sub, other] = [await connect(gw, 'subscriber'), await connect(gw, 'bystander')];
    const got: { sub: string[]; other: string[] } = { sub: [], other: [] };
    sub.client.setNotificationHandler(
      ResourceUpdatedNotificationSchema,
      (n) => void got.sub.push(n.params.uri),
    );
    other.client.setNotificationHandler(
      ResourceUpdatedNotificationSchema,
      (n) => void got.other.push(n.params.uri),
    );
    try {
      const { resources } = await sub.client.listResources();
      const uri = resources.find((r) => r.uri.startsWith('demo://'))?.uri as string;
      expect(uri).toBeDefined();
      await sub.client.subscribeResource({ uri });
      // The backend sends an update for every subscribed URI at once when toggled on.
      await sub.client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
      await until(() => got.sub.includes(uri), 'the subscriber’s update');
      await other.client.ping(); // a round trip after the update: anything for it would have arrived
      expect(got.other).toEqual([]);
      await sub.client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
      await sub.client.unsubscribeResource({ uri });
    } finally {
      await Promise.all([sub.close(), other.close()]);
    }
  });
});

describe('idle sessions', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({}, { limits: { sessionIdleMs: 1_000 } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('are reaped, and the client is told to reconnect with 404', async () => {
    const c = await connect(gw, 'sleepy');
    const id = c.transport.sessionId as string;
    await until(
      () => !gw.engine.ctx.sessions.list().some((s) => s.id === id),
      'the idle session to be reaped',
    );
    const res = await fetch(gw.mcpUrl, {
      method: 'POST',
      headers: { ...HEADERS, 'mcp-session-id': id },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(res.status).toBe(404);
    await c.client.close();
  });
});
