import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importClientServers, listClients } from '../../src-shared/api/clients.js';
import { loginServer } from '../../src-shared/api/oauth.js';
import { getServer } from '../../src-shared/api/routes.js';
import { type OAuthFixture, startOAuthServer } from '../fixtures/servers/oauth-server.mjs';
import { connectHttpV2, type Gateway, startGateway } from '../lib/gateway.js';
import { followLikeABrowser } from '../lib/http.js';

/**
 * Import end to end: a Claude Desktop config whose entry runs `npx mcp-remote URL` (a local proxy
 * that signs in for the client) is imported through the gateway's own client routes, becomes a
 * remote server that asks for sign-in, is signed in to against a real local authorization server,
 * and answers a tools/call on /mcp with the token the gateway holds.
 */

describe('an mcp-remote entry from Claude Desktop, imported, signed in to and called', () => {
  let fx: OAuthFixture;
  let gw: Gateway;
  let home: string;

  beforeAll(async () => {
    fx = await startOAuthServer();
    home = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-import-home-'));
    const desktop = path.join(home, '.config', 'Claude', 'claude_desktop_config.json');
    mkdirSync(path.dirname(desktop), { recursive: true });
    writeFileSync(
      desktop,
      JSON.stringify(
        { mcpServers: { linear: { command: 'npx', args: ['-y', 'mcp-remote@0.1.30', fx.url] } } },
        null,
        2,
      ),
    );
    gw = await startGateway(
      {},
      { secrets: { allowFileFallback: true } },
      {
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, '.config'),
          DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
          BROWSER: '',
        },
      },
    );
  });

  afterAll(async () => {
    await gw?.close();
    await fx?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('imports as a remote server that needs sign-in, signs in, and a tools/call works through /mcp', async () => {
    const found = await gw.api.call(listClients);
    const entry = found.servers.find((s) => s.suggestedName === 'linear');
    expect(entry?.config).toMatchObject({ url: fx.url });
    expect(entry?.config.command).toBeUndefined();

    const result = await gw.api.call(importClientServers, { body: { ids: [entry?.id ?? ''] } });
    expect(result.added.map((a) => a.name)).toEqual(['linear']);
    // A remote entry, not the local proxy: no command, no static Authorization header.
    expect(result.added[0]?.config).toMatchObject({ url: fx.url });
    expect(result.added[0]?.config.command).toBeUndefined();
    expect(result.added[0]?.config.headers).toBeUndefined();
    expect(result.added[0]?.notes.join(' ')).toMatch(/mcp-remote.*signs in once for every client/);

    await gw.waitFor(
      () => gw.engine.ctx.supervisor.get('linear')?.state === 'needs-sign-in',
      'needs sign-in',
    );
    const before = await gw.api.call(getServer, { params: { name: 'linear' } });
    expect(before.signIn).toMatchObject({ signedIn: false, pending: false });

    const started = await gw.api.call(loginServer, { params: { name: 'linear' }, body: { open: false } });
    expect((await followLikeABrowser(started.authorizationUrl ?? '')).status).toBe(200);
    await gw.waitFor(
      () => gw.engine.ctx.supervisor.get('linear')?.state === 'running',
      'running after sign-in',
    );

    const client = await connectHttpV2(`${gw.url}/mcp`, { name: 'import-test', version: '1.0.0' });
    try {
      const { tools } = await client.listTools();
      const echo = tools.find((t) => t.name.startsWith('linear') && t.name.endsWith('echo'));
      expect(echo, tools.map((t) => t.name).join(', ')).toBeDefined();
      const out = await client.callTool({
        name: echo?.name ?? '',
        arguments: { text: 'imported and signed in' },
      });
      expect(out.isError).not.toBe(true);
      expect(JSON.stringify(out.content)).toContain('imported and signed in');
    } finally {
      await client.close();
    }
    // The server saw the call with a token the gateway holds, and the config has none.
    expect(fx.state.log.some((e) => e.kind === 'mcp' && e.method === 'tools/call')).toBe(true);
    const onDisk = readFileSync(gw.configFile, 'utf8');
    expect(onDisk).toContain(fx.url);
    for (const token of fx.state.access.keys()) {
      expect(onDisk).not.toContain(token);
    }
  });
});
