import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEngineClientManager, mountClientRoutes } from '../../src-main/engine/api/clients-routes.js';
import { apiErrorHandler } from '../../src-main/engine/api/errors.js';
import type { Engine } from '../../src-main/engine/engine.js';
import { type ApiClient, ApiError, createApiClient } from '../../src-shared/api/client.js';
import {
  connectClient,
  disconnectClient,
  importClientServers,
  listBackups,
  listClients,
  previewClient,
  restoreBackups,
} from '../../src-shared/api/clients.js';
import { API_PREFIX } from '../../src-shared/api/contract.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { nodeFetch } from '../lib/http.js';
import { BRIDGE, MEMORY, silentLogger, type TempHome, tempHome } from './helpers.js';

let h: TempHome;
let gw: Gateway;
let engine: Engine;
let server: http.Server;
let api: ApiClient;
let desktopFile: string;
let original: Buffer;

beforeAll(async () => {
  h = await tempHome();
  gw = await startGateway(
    {},
    {},
    {
      dir: path.dirname(h.dataDir),
      configText: '{\n  // my gateway\n  "gateway": {},\n  "mcpServers": {}\n}\n',
    },
  );
  engine = gw.engine;
  const manager = createEngineClientManager(engine.ctx, {
    gatewayUrl: () => engine.mcpUrl,
    bridgeCommand: BRIDGE,
    env: { HOME: h.home },
    platform: 'linux',
  });
  const app = express();
  const router = express.Router();
  router.use(express.json());
  mountClientRoutes(router, engine.ctx, manager);
  router.use(apiErrorHandler(silentLogger, () => 1_000_000));
  app.use(API_PREFIX, router);
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  api = createApiClient({
    baseUrl: `http://127.0.0.1:${port}`,
    token: 'unused',
    fetch: nodeFetch,
  });
  desktopFile = path.join(h.home, '.config', 'Claude', 'claude_desktop_config.json');
  // Real local servers only: imported servers start, and nothing may reach the network.
  original = Buffer.from(
    JSON.stringify(
      {
        mcpServers: {
          memory: { command: process.execPath, args: [MEMORY] },
          github: {
            command: path.join(h.home, 'no-such-dir', 'github-mcp'),
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef1234' },
          },
        },
        preferences: { sidebarMode: 'task' },
      },
      null,
      2,
    ) + '\n',
  );
  await mkdir(path.dirname(desktopFile), { recursive: true });
  await writeFile(desktopFile, original);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await gw.close();
  await h.cleanup();
});

describe('client routes', () => {
  it('lists clients and servers with secrets redacted', async () => {
    const found = await api.call(listClients);
    const desktop = found.clients.find((c) => c.id === 'claude-desktop');
    expect(desktop?.installed).toBe(true);
    expect(desktop?.transport).toBe('stdio');
    const github = found.servers.find((s) => s.suggestedName === 'github');
    expect(github?.config.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: '[redacted]' });
    expect(JSON.stringify(found)).not.toContain('ghp_');
  });

  it('imports servers into the gateway config through the ConfigStore', async () => {
    const found = await api.call(listClients);
    const ids = found.servers.map((s) => s.id);
    const result = await api.call(importClientServers, { body: { ids } });
    expect(result.added.map((a) => a.name).sort()).toEqual(['github', 'memory']);
    expect(result.added.find((a) => a.name === 'github')?.secrets).toEqual([
      { field: 'env', key: 'GITHUB_PERSONAL_ACCESS_TOKEN', reason: 'name' },
    ]);
    const servers = engine.ctx.config.current().mcpServers;
    expect(servers.github?.env?.GITHUB_PERSONAL_ACCESS_TOKEN).toMatch(/^ghp_/);
    const onDisk = await readFile(engine.ctx.config.path, 'utf8');
    expect(onDisk).toContain('// my gateway');
    expect(onDisk).toContain('"memory"');
    // Importing again adds nothing: they are in the gateway now.
    const again = await api.call(importClientServers, { body: { ids } });
    expect(again.added).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(
      ids.map(() => expect.stringMatching(/already in the gateway/)),
    );
  });

  it('previews, connects, lists backups and disconnects back to the original bytes', async () => {
    const plan = await api.call(previewClient, {
      params: { id: 'claude-desktop' },
      body: { removeImported: true },
    });
    expect(plan.files[0]?.diff).toContain(`"${engine.mcpUrl}"`);
    expect(plan.files[0]?.diff).toContain('-    "github": {');
    expect(JSON.stringify(plan)).not.toContain('ghp_');
    const result = await api.call(connectClient, {
      params: { id: 'claude-desktop' },
      body: { removeImported: true },
    });
    expect(result.files[0]?.changed).toBe(true);
    const data = JSON.parse(await readFile(desktopFile, 'utf8')) as {
      mcpServers: Record<string, { args: string[] }>;
    };
    expect(Object.keys(data.mcpServers)).toEqual(['mcp-gateway']);
    const tokenFile = path.join(h.dataDir, 'client-tokens', 'claude-desktop.token');
    // The bridge reads the client token from an owner-only file, never from its command line.
    expect(data.mcpServers['mcp-gateway']?.args).toEqual([
      ...BRIDGE.args,
      '--url',
      engine.mcpUrl,
      '--token-file',
      tokenFile,
    ]);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    expect(engine.ctx.identity!.check(`Bearer ${token}`)).toMatchObject({
      ok: true,
      client: { name: 'claude-desktop' },
    });
    expect(JSON.stringify(result)).not.toContain(token);
    if (process.platform !== 'win32') {
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    }

    const backups = await api.call(listBackups);
    expect(backups.backups).toEqual([
      expect.objectContaining({ client: 'claude-desktop', active: true, removed: ['memory', 'github'] }),
    ]);

    const status = (await api.call(listClients)).clients.find((c) => c.id === 'claude-desktop');
    expect(status?.connected).toBe(true);

    const undone = await api.call(disconnectClient, { params: { id: 'claude-desktop' } });
    expect(undone.files).toEqual([{ file: desktopFile, action: 'restored' }]);
    expect(await readFile(desktopFile)).toEqual(original);
  });

  it('answers bad requests with stable codes', async () => {
    await expect(api.call(connectClient, { params: { id: 'nope' }, body: {} })).rejects.toMatchObject({
      code: 'CLIENT_NOT_FOUND',
      status: 404,
    });
    await expect(api.call(restoreBackups, { body: { target: 'no-such-backup' } })).rejects.toBeInstanceOf(
      ApiError,
    );
    await expect(api.call(restoreBackups, { body: { target: 'no-such-backup' } })).rejects.toMatchObject({
      code: 'BACKUP_NOT_FOUND',
    });
    await expect(api.call(importClientServers, { body: { ids: [] } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
