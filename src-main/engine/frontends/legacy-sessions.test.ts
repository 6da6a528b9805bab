import type { ServerResponse } from 'node:http';

import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';

import type { EngineEvent } from '../../../src-shared/events.js';
import { manualClock } from '../../../test/lib/clock.js';
import { caller, defaultLimits, listen, listingCatalog, send } from '../../../test/lib/frontends.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../telemetry/index.js';
import { createSessionTable, type LegacySession } from './legacy-sessions.js';
import type { Limits } from './limits.js';
import { createScopes } from './scopes.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

function setup(limitOverrides: Partial<Limits> = {}) {
  const clock = manualClock(1_000);
  const bus = createEventBus();
  const events: EngineEvent[] = [];
  bus.on((e) => events.push(e));
  const limits = defaultLimits({ sessionInitTimeoutMs: 10_000, sessionIdleMs: 60_000, ...limitOverrides });
  const catalog = listingCatalog(['fs']);
  const scopes = createScopes({ catalog, limits, metaFor: () => ({ tools: () => [] }) as never });
  const dropped: string[] = [];
  const table = createSessionTable({
    catalog,
    logger: silentLogger,
    clock,
    bus,
    version: '1.0.0',
    limits,
    scopes,
    fastPath: { drop: (id) => dropped.push(id) },
  });
  cleanups.push(() => table.closeAll('test over'));
  const kinds = () => events.map((e) => e.type);

  /** A session as the routes open one (in the table once its id is out), its handshake not yet done. */
  function halfOpen(scopeKey = '*', token?: string): { session: LegacySession; client: Client } {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const session = table.open(scopeKey, caller(token), 'http', () => serverSide as never);
    table.byId.set(session.id, session);
    const client = new Client({ name: 'legacy-test', version: '3.1.0' });
    cleanups.push(() => client.close());
    return { session, client: Object.assign(client, { side: clientSide }) };
  }

  /** A session whose client finished the handshake. */
  async function opened(scopeKey = '*', token?: string): Promise<{ session: LegacySession; client: Client }> {
    const { session, client } = halfOpen(scopeKey, token);
    await session.server.connect(session.transport);
    await client.connect((client as unknown as { side: InMemoryTransport }).side);
    await expect.poll(() => session.opened).toBe(true);
    return { session, client };
  }
  return { clock, table, catalog, events, kinds, dropped, halfOpen, opened };
}

/** A response as the routes track one: its request's method, and a close that never comes here. */
function stream(method: 'GET' | 'POST'): ServerResponse {
  return { req: { method }, once: () => undefined } as unknown as ServerResponse;
}

describe('legacy session table', () => {
  it('opens a session when its client finishes the handshake, and lists it as the dashboard shows it', async () => {
    const env = setup();
    const { session } = env.halfOpen('fs', 'editor');
    expect(env.catalog.attached.has(session.id)).toBe(true);
    expect(env.table.list()).toEqual([]);
    expect(env.kinds()).toEqual([]);

    const { session: other } = await env.opened('fs', 'editor');
    expect(env.kinds()).toEqual(['session.opened']);
    expect(env.table.list()).toEqual([
      expect.objectContaining({
        id: other.id,
        clientName: 'legacy-test',
        clientVersion: '3.1.0',
        era: 'legacy',
        transport: 'http',
        scope: '/mcp/fs',
        client: 'editor',
        profile: 'default',
      }),
    ]);
  });

  it('closes a session whose client never finishes the handshake, without telling anyone it opened', () => {
    const env = setup();
    const { session } = env.halfOpen();
    env.clock.advance(9_999);
    expect(session.closed).toBe(false);
    env.clock.advance(1);
    expect(session.closed).toBe(true);
    expect(env.table.byId.has(session.id)).toBe(false);
    expect(env.catalog.attached.has(session.id)).toBe(false);
    expect(env.dropped).toEqual([session.id]);
    expect(env.kinds()).toEqual([]);
  });

  it('makes room for a new client by closing a half-open session, else answers 503', async () => {
    const env = setup({ maxSessions: 2 });
    await env.opened();
    const { session: waiting } = env.halfOpen();
    const server = await listen((_req, res) => {
      if (!env.table.overCapacity(res)) {
        res.writeHead(200).end();
      }
    });
    cleanups.push(() => server.close());
    expect((await send(server.url)).status).toBe(200);
    expect(waiting.closed).toBe(true);
    await env.opened();
    const full = await send(server.url);
    expect(full.status).toBe(503);
    expect(full.headers['retry-after']).toBe('5');
    expect(full.error).toContain('gateway.limits.maxSessions');
  });

  it('tells opened sessions which lists changed', async () => {
    const env = setup();
    const { client } = await env.opened();
    const heard: string[] = [];
    client.setNotificationHandler('notifications/tools/list_changed', () => void heard.push('tools'));
    client.setNotificationHandler('notifications/prompts/list_changed', () => void heard.push('prompts'));
    env.table.notifyListChanged({ prompts: true });
    await expect.poll(() => heard).toEqual(['prompts']);
    env.table.notifyListChanged({ tools: true, resources: false });
    await expect.poll(() => heard).toEqual(['prompts', 'tools']);
  });

  it('keeps a notice for the GET stream until the client opens it, and drops it with the session', async () => {
    const env = setup();
    const { session, client } = await env.opened();
    const heard: string[] = [];
    client.setNotificationHandler('notifications/tools/list_changed', () => void heard.push('tools'));
    const notice = { method: 'notifications/tools/list_changed' };
    env.table.notifyOnStream(session, notice);
    env.table.notifyOnStream(session, notice);
    env.table.trackStream(session, stream('POST'));
    expect(session.notices.size).toBe(1);
    env.table.trackStream(session, stream('GET'));
    expect(session.notices.size).toBe(0);
    await expect.poll(() => heard).toEqual(['tools']);
    // Its stream is open now: sent at once.
    env.table.notifyOnStream(session, notice);
    await expect.poll(() => heard).toEqual(['tools', 'tools']);

    const { session: other } = await env.opened();
    env.table.notifyOnStream(other, notice);
    expect(other.notices.size).toBe(1);
    env.table.close(other, 'client ended the session');
    expect(other.notices.size).toBe(0);
    env.table.notifyOnStream(other, notice);
    expect(other.notices.size).toBe(0);
  });

  it('closes the sessions of one token, the idle ones, and then all, each once', async () => {
    const env = setup();
    const { session: editor } = await env.opened('*', 'editor');
    const { session: other } = await env.opened('*', 'other');
    const { session: anonymous } = await env.opened();
    env.table.closeForToken('id-editor', 'client token revoked');
    expect([editor.closed, other.closed, anonymous.closed]).toEqual([true, false, false]);

    env.clock.advance(60_000);
    other.info.lastSeenAt = env.clock.now();
    env.table.sweep(env.clock.now() + 1);
    expect([other.closed, anonymous.closed]).toEqual([false, true]);

    env.table.closeAll('gateway closing');
    env.table.closeAll('gateway closing');
    expect(other.closed).toBe(true);
    expect(env.table.byId.size).toBe(0);
    expect(env.kinds().filter((k) => k === 'session.closed')).toHaveLength(3);
  });

  it('closes a session whose transport closes', async () => {
    const env = setup();
    const { session, client } = await env.opened();
    await client.close();
    await expect.poll(() => session.closed).toBe(true);
    expect(env.table.list()).toEqual([]);
  });
});
