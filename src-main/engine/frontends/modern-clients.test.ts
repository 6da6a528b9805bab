import type { IncomingMessage } from 'node:http';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';

import type { EngineEvent } from '../../../src-shared/events.js';
import { manualClock } from '../../../test/lib/clock.js';
import { defaultLimits, listen, listingCatalog, tokenCheck } from '../../../test/lib/frontends.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../telemetry/index.js';
import { createModernClients } from './modern-clients.js';
import { createMrtrBridge } from './mrtr.js';
import { createScopes } from './scopes.js';

const call = { name: 'fs__tool', arguments: {} };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** The modern clients behind an HTTP server on 127.0.0.1: `/mcp/<server>` or `/mcp`, by token. */
async function setup() {
  const clock = manualClock(1_000);
  const bus = createEventBus();
  const events: EngineEvent[] = [];
  bus.on((e) => events.push(e));
  const limits = defaultLimits({ sessionIdleMs: 60_000 });
  const catalog = listingCatalog(['fs', 'git']);
  const scopes = createScopes({ catalog, limits, metaFor: () => ({ tools: () => [] }) as never });
  const bridge = createMrtrBridge(clock);
  const modern = createModernClients({
    catalog,
    logger: silentLogger,
    clock,
    bus,
    version: '1.0.0',
    limits,
    scopes,
    bridge,
  });
  const identity = tokenCheck(['editor', 'other'], false);
  const server = await listen((req, res) => {
    const auth = identity.check(req.headers.authorization);
    const scopeKey = req.url?.startsWith('/mcp/') === true ? req.url.slice(5) : '*';
    void readJson(req).then((body) =>
      auth.ok ? modern.serve(scopeKey, auth.client, req, res, body) : undefined,
    );
  });
  cleanups.push(async () => {
    await modern.close();
    bridge.close();
    await server.close();
  });
  const closedOrOpened = () =>
    events.map((e) => `${e.type} ${(e as { session?: { clientName?: string } }).session?.clientName}`);

  /** A v2 client pinned to 2026-07-28 on this path, under this name, with this token. */
  async function client(path: string, name: string, token?: string): Promise<Client> {
    const c = new Client({ name, version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    await c.connect(
      new StreamableHTTPClientTransport(new URL(server.url + path), { requestInit: { headers } }),
    );
    cleanups.push(() => c.close());
    return c;
  }
  return { clock, modern, catalog, events, closedOrOpened, client };
}

describe('modern clients', () => {
  it('answer each scope with its own lists, a handler per scope and token', async () => {
    const env = await setup();
    const onFs = await env.client('/mcp/fs', 'cli');
    const onAll = await env.client('/mcp', 'cli', 'editor');
    expect((await onFs.listTools()).tools.map((t) => t.name)).toEqual(['fs__tool']);
    expect((await onAll.listTools()).tools.map((t) => t.name)).toEqual(['fs__tool', 'git__tool']);
    expect(env.catalog.scopesListed).toEqual(['fs', undefined]);
  });

  it('track the clients seen by name, token and scope, each opened once and then seen again', async () => {
    const env = await setup();
    const c = await env.client('/mcp/fs', 'cli', 'editor');
    await c.callTool(call);
    env.clock.advance(5_000);
    await c.callTool(call);
    await (await env.client('/mcp/fs', 'other-cli')).callTool(call);
    // A call is recorded under the token's name, or the client's own without one.
    expect(env.catalog.calls).toEqual(['fs/tool by editor', 'fs/tool by editor', 'fs/tool by other-cli']);
    const list = env.modern.list();
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      clientName: 'cli',
      clientVersion: '2.0.0',
      era: 'modern',
      transport: 'http',
      scope: '/mcp/fs',
      client: 'editor',
      profile: 'default',
      openedAt: 1_000,
      lastSeenAt: 6_000,
    });
    expect(list[1]).not.toHaveProperty('client');
    expect(env.closedOrOpened()).toEqual(['session.opened cli', 'session.opened other-cli']);
  });

  it('forget the clients of a revoked token and those not seen for the idle limit', async () => {
    const env = await setup();
    await (await env.client('/mcp', 'a', 'editor')).callTool(call);
    await (await env.client('/mcp', 'b', 'other')).callTool(call);
    await (await env.client('/mcp', 'c')).callTool(call);
    env.modern.revoke('id-editor');
    env.modern.revoke(undefined);
    expect(env.modern.list().map((s) => s.clientName)).toEqual(['b', 'c']);
    env.clock.advance(60_001);
    env.modern.sweep(env.clock.now());
    expect(env.modern.list()).toEqual([]);
    expect(env.closedOrOpened().filter((e) => e.startsWith('session.closed'))).toEqual([
      'session.closed a',
      'session.closed b',
      'session.closed c',
    ]);
  });

  it('say goodbye to every client on close', async () => {
    const env = await setup();
    await (await env.client('/mcp', 'a')).callTool(call);
    await env.modern.close();
    expect(env.modern.list()).toEqual([]);
    expect(env.closedOrOpened()).toEqual(['session.opened a', 'session.closed a']);
  });
});
