import type { Client } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { catalogSettings, linkInMemory } from '../../../test/lib/catalog.js';
import { silentLogger as quiet } from '../telemetry/index.js';
import type { BackendConnection, SupervisorApi } from '../types.js';
import type { SessionPeer } from './sessions.js';
import { createSubscriptions } from './subscriptions.js';
import { anyResult } from './wire.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

/** A real 2025-era server that answers resources/subscribe and remembers what is subscribed. */
async function backend(server: string, options: { refuse?: boolean } = {}) {
  const mcp = new McpServer(
    { name: server, version: '1.0.0' },
    { capabilities: { resources: { subscribe: true } } },
  );
  mcp.registerResource('watched', 'test://watched', { mimeType: 'text/plain' }, async () => ({
    contents: [{ uri: 'test://watched', text: 'x' }],
  }));
  const subscribed = new Set<string>();
  const calls: string[] = [];
  mcp.server.setRequestHandler('resources/subscribe', (request) => {
    calls.push(`subscribe ${request.params.uri}`);
    if (options.refuse === true) {
      throw new Error('no updates here');
    }
    subscribed.add(request.params.uri);
    return {};
  });
  mcp.server.setRequestHandler('resources/unsubscribe', (request) => {
    calls.push(`unsubscribe ${request.params.uri}`);
    subscribed.delete(request.params.uri);
    return {};
  });
  const { client, close } = await linkInMemory(mcp);
  closers.push(close);
  const conn = { server, client, era: 'legacy' } as unknown as BackendConnection;
  return { conn, subscribed, calls };
}

/** Subscriptions over one live backend; `forward` sends straight over its Client. */
function subscriptionsFor(conn: BackendConnection, cfg: ServerConfig = { command: 'x' }) {
  const holds = new Set<string>();
  const notified: [string, unknown][] = [];
  const supervisor = {
    connection: (name: string) => (name === conn.server ? conn : undefined),
    preventSleep: (name: string, why: string) => {
      const hold = `${name}: ${why}`;
      holds.add(hold);
      return { dispose: () => holds.delete(hold) };
    },
  } as unknown as SupervisorApi;
  const peer = (id: string): SessionPeer => ({
    id,
    clientName: `client-${id}`,
    notify: (method, params) => notified.push([id, { method, uri: params['uri'] }]),
  });
  const subs = createSubscriptions({
    supervisor,
    settings: () => catalogSettings({ [conn.server]: cfg }),
    forward: (_server, method, params) =>
      conn.client.request({ method, params } as Parameters<Client['request']>[0], anyResult) as Promise<
        Record<string, unknown>
      >,
    peer,
    sessionOf: () => undefined,
    logger: quiet,
  });
  return { subs, holds, notified };
}

describe('createSubscriptions', () => {
  it('subscribes a shared backend with the first subscriber and unsubscribes it with the last', async () => {
    const b = await backend('notes');
    const { subs, holds } = subscriptionsFor(b.conn);
    await subs.subscribe('s1', 'notes', 'test://watched');
    await subs.subscribe('s2', 'notes', 'test://watched');
    expect(b.calls).toEqual(['subscribe test://watched']);
    expect([...holds]).toEqual(['notes: a client holds a resource subscription']);
    await subs.unsubscribe('s1', 'notes', 'test://watched');
    expect(b.subscribed.has('test://watched')).toBe(true);
    await subs.unsubscribe('s2', 'notes', 'test://watched');
    await subs.unsubscribe('s2', 'notes', 'test://watched');
    expect(b.calls).toEqual(['subscribe test://watched', 'unsubscribe test://watched']);
    expect(holds.size).toBe(0);
  });

  it('subscribes a per-session backend for each session', async () => {
    const b = await backend('fs');
    const { subs } = subscriptionsFor(b.conn, { command: 'x', isolation: 'per-session' });
    await subs.subscribe('s1', 'fs', 'test://watched');
    await subs.subscribe('s2', 'fs', 'test://watched');
    expect(b.calls).toEqual(['subscribe test://watched', 'subscribe test://watched']);
  });

  it('forgets a subscription the backend refused, and lets the server sleep again', async () => {
    const b = await backend('notes', { refuse: true });
    const { subs, holds, notified } = subscriptionsFor(b.conn);
    await expect(subs.subscribe('s1', 'notes', 'test://watched')).rejects.toThrow('no updates here');
    expect(holds.size).toBe(0);
    subs.updated('notes', b.conn.client, { uri: 'test://watched' });
    expect(notified).toEqual([]);
  });

  it('brings an update only to the sessions subscribed to that URI', async () => {
    const b = await backend('notes');
    const { subs, notified } = subscriptionsFor(b.conn);
    await subs.subscribe('s1', 'notes', 'test://watched');
    await subs.subscribe('s2', 'notes', 'test://other');
    subs.updated('notes', b.conn.client, { uri: 'test://watched' });
    expect(notified).toEqual([['s1', { method: 'notifications/resources/updated', uri: 'test://watched' }]]);
  });

  it('unsubscribes the backend when a session that held the last subscription ends', async () => {
    const b = await backend('notes');
    const { subs, holds } = subscriptionsFor(b.conn);
    await subs.subscribe('s1', 'notes', 'test://watched');
    subs.dropSession('s1');
    await new Promise((r) => setImmediate(r));
    expect(b.subscribed.size).toBe(0);
    expect(holds.size).toBe(0);
  });

  it('subscribes a restarted backend again to what clients hold', async () => {
    const first = await backend('notes');
    const { subs } = subscriptionsFor(first.conn);
    await subs.subscribe('s1', 'notes', 'test://watched');
    const second = await backend('notes');
    subs.renew('notes', second.conn);
    await new Promise((r) => setImmediate(r));
    expect([...second.subscribed]).toEqual(['test://watched']);
  });

  it('releases every hold on close', async () => {
    const b = await backend('notes');
    const { subs, holds } = subscriptionsFor(b.conn);
    await subs.subscribe('s1', 'notes', 'test://watched');
    subs.close();
    expect(holds.size).toBe(0);
  });
});
