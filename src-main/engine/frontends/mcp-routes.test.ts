import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import {
  defaultLimits,
  listen,
  type Listening,
  listingCatalog,
  send,
  tokenCheck,
} from '../../../test/lib/frontends.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../telemetry/index.js';
import type { Logger } from '../types.js';
import type { FastPath } from './fast-path.js';
import { BodyError, createBodyReader } from './http-util.js';
import { createSessionTable } from './legacy-sessions.js';
import { failed, mountMcpRoutes } from './mcp-routes.js';
import { createModernClients } from './modern-clients.js';
import { createMrtrBridge } from './mrtr.js';
import { createScopes } from './scopes.js';
import { SESSION_HEADER } from './session-post.js';

/** A fast path that serves nothing: every session message goes to the SDK transport. */
const noFastPath: FastPath = {
  handle: () => false,
  drop: () => undefined,
  inFlight: () => 0,
  toolsListJson: () => '{"tools":[]}',
};

interface Running {
  url: string;
  served: Array<{ scopeKey: string; client: string | undefined }>;
  sessions: ReturnType<typeof createSessionTable>;
  stop(): void;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/** The routes on an express app on 127.0.0.1, over a catalog of the servers fs and git. */
async function start(options: { required?: boolean } = {}): Promise<Running> {
  const clock = manualClock();
  const logger = silentLogger;
  const bus = createEventBus();
  const limits = defaultLimits();
  const catalog = listingCatalog(['fs', 'git']);
  const scopes = createScopes({ catalog, limits, metaFor: () => ({ tools: () => [] }) as never });
  const sessions = createSessionTable({
    catalog,
    logger,
    clock,
    bus,
    version: '1.0.0',
    limits,
    scopes,
    fastPath: noFastPath,
  });
  const bridge = createMrtrBridge(clock);
  const modernClients = createModernClients({
    catalog,
    logger,
    clock,
    bus,
    version: '1.0.0',
    limits,
    scopes,
    bridge,
  });
  const served: Running['served'] = [];
  const modern = {
    ...modernClients,
    serve: (...args: Parameters<typeof modernClients.serve>) => {
      served.push({ scopeKey: args[0], client: args[1].name });
      return modernClients.serve(...args);
    },
  };
  const bodies = createBodyReader({ clock, logger, timeoutMs: () => 30_000 });
  const app = express();
  const routes = mountMcpRoutes(app, {
    identity: tokenCheck(['editor', 'other'], options.required ?? true),
    clock,
    logger,
    limits,
    scopes,
    sessions,
    modern,
    fastPath: noFastPath,
    bodies,
  });
  const server = await listen(app);
  cleanups.push(async () => {
    sessions.closeAll('test over');
    await modernClients.close();
    bridge.close();
    bodies.close();
    await server.close();
  });
  return { url: server.url, served, sessions, stop: routes.stop };
}

/** A 2025-era SDK client with this token on this URL. */
async function legacyClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'legacy-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return client;
}

const auth = { authorization: 'Bearer editor' };

describe('MCP routes', () => {
  it('answer an unexpected failure: a body error as it says, anything else a logged 500', async () => {
    const logged: string[] = [];
    const logger = { ...silentLogger, error: (msg: string) => logged.push(msg) } as Logger;
    let err: unknown;
    const server: Listening = await listen((_req, res) => failed(logger, res, err));
    cleanups.push(() => server.close());
    err = new BodyError(413, -32600, 'Request body is larger than the limit');
    const tooBig = await send(server.url);
    expect(tooBig.status).toBe(413);
    expect(tooBig.error).toBe('Request body is larger than the limit');
    expect(logged).toEqual([]);
    err = new Error('a secret detail');
    const crash = await send(server.url);
    expect(crash.status).toBe(500);
    expect(crash.error).toBe('Internal error in the gateway; see its log.');
    expect(logged).toEqual(['MCP request failed']);
  });

  it('check the token first, then that the server is in the caller’s scope', async () => {
    const { url } = await start();
    const noToken = await send(`${url}/mcp/nope`, { body: {} });
    expect(noToken.status).toBe(401);
    expect(noToken.headers['www-authenticate']).toContain('Bearer');
    const unknown = await send(`${url}/mcp/nope`, { headers: auth, body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.error).toContain('no server named "nope"');
  });

  it('serve only a JSON POST without a session, and open a session only with initialize', async () => {
    const { url, sessions } = await start();
    const get = await send(`${url}/mcp`, { method: 'GET', headers: auth });
    expect(get.status).toBe(400);
    expect(get.headers['allow']).toBe('GET, POST, DELETE');
    expect((await send(`${url}/mcp`, { method: 'PUT', headers: auth, body: {} })).status).toBe(405);
    const text = await send(`${url}/mcp`, { headers: { ...auth, 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
    const notInit = await send(`${url}/mcp`, {
      headers: auth,
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(notInit.status).toBe(400);
    expect(notInit.error).toContain('Send initialize first');
    expect(sessions.byId.size).toBe(0);
  });

  it('open a 2025-era session on initialize, in the scope of its URL, for the token’s owner', async () => {
    const { url, sessions } = await start();
    const client = await legacyClient(`${url}/mcp/fs`, 'editor');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['fs__tool']);
    const [session] = [...sessions.byId.values()];
    expect(session?.scopeKey).toBe('fs');
    expect(session?.client.name).toBe('editor');
    const id = session?.id ?? '';
    const list = { jsonrpc: '2.0', id: 9, method: 'tools/list' };
    // Another token may not use the session; another URL does not find it.
    const other = await send(`${url}/mcp/fs`, {
      headers: { authorization: 'Bearer other', [SESSION_HEADER]: id },
      body: list,
    });
    expect(other.status).toBe(403);
    const elsewhere = await send(`${url}/mcp`, { headers: { ...auth, [SESSION_HEADER]: id }, body: list });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.error).toContain('Session not found');
    // DELETE ends it.
    const ended = await send(`${url}/mcp/fs`, {
      method: 'DELETE',
      headers: { ...auth, [SESSION_HEADER]: id },
    });
    expect(ended.status).toBe(200);
    expect(sessions.byId.size).toBe(0);
  });

  it('give a 2026-07-28 request to the modern clients with the scope its URL addresses', async () => {
    const { url, served, sessions } = await start({ required: false });
    const client = new ClientV2(
      { name: 'modern-test', version: '2.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(new HttpTransportV2(new URL(`${url}/mcp/git`)));
    cleanups.push(() => client.close());
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['git__tool']);
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((s) => s.scopeKey === 'git' && s.client === undefined)).toBe(true);
    expect(sessions.byId.size).toBe(0);
  });

  it('refuse every request once stopped', async () => {
    const { url, stop } = await start();
    stop();
    const answer = await send(`${url}/mcp`, { headers: auth, body: {} });
    expect(answer.status).toBe(503);
    expect(answer.error).toContain('shutting down');
  });
});
