import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { cursor } from './adapters/cursor.js';
import type { BackupRecord } from './backups.js';
import { type ConnectInput, planConnect, planDisconnect } from './connect-plan.js';
import { sha256 } from './files.js';
import { createContext, scanClient } from './scan.js';
import type { AdapterContext } from './types.js';

const GATEWAY_URL = 'http://127.0.0.1:7411/mcp';
const MEMORY = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] };

let root: string;
let home: string;
let file: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mcpgw-connect-plan-'));
  home = path.join(root, 'home');
  file = path.join(home, '.cursor', 'mcp.json');
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function put(text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

async function context(): Promise<AdapterContext> {
  return createContext({
    env: { HOME: home },
    platform: 'linux',
    gatewayUrl: GATEWAY_URL,
    bridge: { command: 'node', args: ['bridge.js'] },
    entryName: 'mcp-gateway',
    projectDirs: [],
  });
}

async function connectPlan(extra: Partial<ConnectInput> = {}) {
  const ctx = await context();
  return planConnect(await scanClient(cursor, ctx), {
    ctx,
    entryName: 'mcp-gateway',
    options: {},
    gatewayServers: {},
    ...extra,
  });
}

describe('planConnect', () => {
  it('plans the gateway entry with the exact new text and a diff, and writes nothing', async () => {
    const text = '{\n  // mine\n  "mcpServers": { "memory": {"command": "npx"} }\n}\n';
    await put(text);
    const plan = await connectPlan();
    expect(plan).toMatchObject({ client: 'cursor', changed: true, warnings: [] });
    const [f] = plan.files;
    expect(f?.actions).toEqual([{ location: 'user', op: 'add-gateway', name: 'mcp-gateway' }]);
    expect(f?.baseSha256).toBe(sha256(text));
    expect(f?.after).toContain('// mine');
    expect(JSON.parse(f?.after.replace('// mine', '') ?? '')).toEqual({
      mcpServers: { memory: { command: 'npx' }, 'mcp-gateway': { url: GATEWAY_URL } },
    });
    expect(f?.diff).toContain(`+++ ${file}\twith the gateway`);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('keeps an up-to-date file in the plan, unchanged', async () => {
    await put(JSON.stringify({ mcpServers: { 'mcp-gateway': { url: GATEWAY_URL } } }));
    const plan = await connectPlan();
    expect(plan.changed).toBe(false);
    expect(plan.files).toMatchObject([{ file, changed: false, actions: [], diff: '' }]);
  });

  it('plans a new file when the client has none yet', async () => {
    await mkdir(path.join(home, '.cursor'), { recursive: true });
    const plan = await connectPlan();
    expect(plan.files).toMatchObject([{ file, exists: false, baseSha256: null, changed: true }]);
    expect(plan.files[0]?.diff).toContain('(new file)');
  });

  it('refuses a file it cannot parse, with the line, and one whose entry of our name is not ours', async () => {
    await put('{\n  "mcpServers": {,\n}');
    await expect(connectPlan()).rejects.toMatchObject({
      code: 'CLIENT_CONFIG_UNPARSEABLE',
      message: expect.stringMatching(/line 2, column \d+\). Fix the file by hand/),
    });
    await put(JSON.stringify({ mcpServers: { 'mcp-gateway': { command: 'something-else' } } }));
    await expect(connectPlan()).rejects.toMatchObject({ code: 'SERVER_EXISTS' });
  });

  it('refuses a client that is not installed', async () => {
    await expect(connectPlan()).rejects.toMatchObject({
      code: 'CLIENT_NOT_FOUND',
      message: expect.stringMatching(/Cursor does not seem to be installed/),
    });
  });

  it('removes servers the gateway now serves and keeps them to put back', async () => {
    await put(JSON.stringify({ mcpServers: { memory: MEMORY, other: { command: 'x' } } }));
    const plan = await connectPlan({
      options: { removeImported: true },
      gatewayServers: { mem: { ...MEMORY } },
    });
    const [f] = plan.files;
    expect(f?.actions.map((a) => `${a.op}:${a.name}`)).toEqual([
      'add-gateway:mcp-gateway',
      'remove-server:memory',
    ]);
    expect(f?.removed).toEqual([
      { container: ['mcpServers'], containerKind: 'map', name: 'memory', raw: MEMORY },
    ]);
    expect(Object.keys(JSON.parse(f?.after ?? '{}').mcpServers)).toEqual(['other', 'mcp-gateway']);
  });

  it("warns when asked to remove imported servers without the gateway's list", async () => {
    await put(JSON.stringify({ mcpServers: { memory: MEMORY } }));
    const plan = await connectPlan({ options: { removeImported: true }, gatewayServers: undefined });
    expect(plan.warnings).toEqual([
      "the gateway's server list is not available, so no servers were removed from the client",
    ]);
    expect(plan.files[0]?.actions.map((a) => a.op)).toEqual(['add-gateway']);
  });
});

describe('planDisconnect', () => {
  function record(over: Partial<BackupRecord>): BackupRecord {
    return {
      id: 'b1',
      client: 'cursor',
      path: file,
      realPath: file,
      backupFile: 'b1.bak',
      existed: true,
      sha256: null,
      time: '2026-11-21T12:00:00.000Z',
      createdAt: 0,
      writtenSha256: null,
      removed: [],
      restoredAt: null,
      replaced: [],
      ...over,
    };
  }

  it('leaves out a file untouched since connect wrote it (its backup is restored whole)', async () => {
    const text = JSON.stringify({ mcpServers: { 'mcp-gateway': { url: GATEWAY_URL } } });
    await put(text);
    const scan = await scanClient(cursor, await context());
    const plan = planDisconnect(scan, [record({ writtenSha256: sha256(text) })]);
    expect(plan.files).toEqual([]);
  });

  it('edits a file changed since: removes the gateway and puts back what connect removed', async () => {
    await put(
      JSON.stringify({ mcpServers: { 'mcp-gateway': { url: GATEWAY_URL }, added: { command: 'y' } } }),
    );
    const scan = await scanClient(cursor, await context());
    const removed = [
      { container: ['mcpServers'], containerKind: 'map' as const, name: 'memory', raw: MEMORY },
    ];
    const plan = planDisconnect(scan, [record({ writtenSha256: 'something else', removed })]);
    const [f] = plan.files;
    expect(f?.actions.map((a) => `${a.op}:${a.name}`)).toEqual([
      'remove-gateway:mcp-gateway',
      'restore-server:memory',
    ]);
    expect(JSON.parse(f?.after ?? '{}')).toEqual({ mcpServers: { added: { command: 'y' }, memory: MEMORY } });
  });

  it('leaves an unreadable file alone and says so', async () => {
    await put('{ not json');
    const scan = await scanClient(cursor, await context());
    const plan = planDisconnect(scan, [record({ writtenSha256: 'x' })]);
    expect(plan.files).toEqual([]);
    expect(plan.warnings).toEqual([expect.stringMatching(/cannot be read .*; it was left as it is$/)]);
  });
});
