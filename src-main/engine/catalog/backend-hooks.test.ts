import { Client } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { linkInMemory } from '../../../test/lib/catalog.js';
import { silentLogger as quiet } from '../telemetry/index.js';
import { createBackendHooks } from './backend-hooks.js';
import { createClientRequests } from './client-requests.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

/** A backend Client prepared by the hooks, for one session alone, connected to a real server. */
async function prepared() {
  const refreshed: string[] = [];
  const updated: string[] = [];
  const dedicated: string[] = [];
  const logs: unknown[] = [];
  const requests = createClientRequests({
    callsOn: () => undefined,
    sessionOf: () => 'sess-1',
    sessionInput: () => ({ request: async (method) => ({ roots: [{ uri: 'file:///work', name: method }] }) }),
    notify: () => undefined,
    logger: { ...quiet, debug: (msg, fields) => logs.push({ msg, level: fields?.['level'] }) },
  });
  const hooks = createBackendHooks({
    requests,
    subscriptions: { updated: (_s, _c, params) => updated.push(params.uri) },
    refresh: (server, _client, kind) => refreshed.push(`${server}:${kind}`),
    dedicate: (_client, sessionId) => dedicated.push(sessionId),
  });
  const mcp = new McpServer(
    { name: 'notes', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        logging: {},
      },
    },
  );
  const client = new Client(
    { name: 'gateway', version: '1.0.0' },
    { capabilities: hooks.capabilities('notes') },
  );
  hooks.prepare('notes', client, 'sess-1');
  closers.push((await linkInMemory(mcp, client)).close);
  return { mcp, refreshed, updated, dedicated, logs };
}

describe('createBackendHooks', () => {
  it('declares what the gateway can forward to clients', () => {
    const hooks = createBackendHooks({
      requests: createClientRequests({
        callsOn: () => undefined,
        sessionOf: () => undefined,
        sessionInput: () => undefined,
        notify: () => undefined,
        logger: quiet,
      }),
      subscriptions: { updated: () => undefined },
      refresh: () => undefined,
      dedicate: () => undefined,
    });
    expect(hooks.capabilities('any')).toEqual({
      sampling: {},
      elicitation: { form: {}, url: {} },
      roots: { listChanged: true },
    });
  });

  it("hands each of a backend's notifications to the module that owns it", async () => {
    const b = await prepared();
    expect(b.dedicated).toEqual(['sess-1']);
    await b.mcp.server.sendToolListChanged();
    await b.mcp.server.sendResourceListChanged();
    await b.mcp.server.sendResourceUpdated({ uri: 'test://watched' });
    await b.mcp.server.sendLoggingMessage({ level: 'info', data: 'hello' });
    await vi.waitFor(() => expect(b.logs).toHaveLength(1));
    expect(b.refreshed).toEqual(['notes:tools', 'notes:resources', 'notes:resourceTemplates']);
    expect(b.updated).toEqual(['test://watched']);
    expect(b.logs).toEqual([{ msg: 'backend log message', level: 'info' }]);
  });

  it("routes a backend's request to the client of the session it serves", async () => {
    const b = await prepared();
    await expect(b.mcp.server.listRoots()).resolves.toEqual({
      roots: [{ uri: 'file:///work', name: 'roots/list' }],
    });
  });
});
