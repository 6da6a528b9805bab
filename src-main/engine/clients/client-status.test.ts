import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { cursor } from './adapters/cursor.js';
import { gemini } from './adapters/gemini.js';
import type { BackupRecord } from './backups.js';
import { clientReport, clientStatus, connectTargets, seenBy } from './client-status.js';
import { createContext, scanClient } from './scan.js';
import type { AdapterContext } from './types.js';

const GATEWAY_URL = 'http://127.0.0.1:7411/mcp';

let root: string;
let home: string;
let project: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mcpgw-client-status-'));
  home = path.join(root, 'home');
  project = path.join(root, 'project');
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function put(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
}

async function context(): Promise<AdapterContext> {
  return createContext({
    env: { HOME: home },
    platform: 'linux',
    gatewayUrl: GATEWAY_URL,
    bridge: { command: 'node', args: ['bridge.js'] },
    entryName: 'mcp-gateway',
    projectDirs: [project],
  });
}

const active = (n: number, client = 'cursor'): BackupRecord[] =>
  Array.from({ length: n }, (_, i) => ({ id: `b${i}`, client }) as BackupRecord);

describe('seenBy', () => {
  it('matches handshake names ignoring case, spaces, "-" and "_", and a trailing "*"', () => {
    expect(seenBy(cursor, ['Cursor_VSCode'])).toBe(true);
    expect(seenBy(cursor, ['cursor'])).toBe(false);
    expect(seenBy(gemini, ['gemini-cli-mcp-client-0.9'])).toBe(true);
    expect(seenBy(gemini, [])).toBe(false);
  });
});

describe('client status', () => {
  it('is connected when every connect target has an entry pointing at this gateway', async () => {
    await put(path.join(home, '.cursor', 'mcp.json'), {
      mcpServers: { 'mcp-gateway': { url: GATEWAY_URL }, memory: { command: 'npx' } },
    });
    const ctx = await context();
    const scan = await scanClient(cursor, ctx);
    const status = clientStatus(scan, { ctx, active: active(2), handshakeNames: ['cursor-vscode'] });
    expect(status).toMatchObject({
      id: 'cursor',
      installed: true,
      hasConfig: true,
      connected: true,
      seen: true,
    });
    expect(status.backups).toBe(2);
    // An entry for another port is not this gateway.
    const moved = { ...ctx, gatewayUrl: 'http://127.0.0.1:9999/mcp' };
    expect(
      clientStatus(await scanClient(cursor, moved), { ctx: moved, active: [], handshakeNames: [] }),
    ).toMatchObject({ connected: false, seen: false, backups: 0 });
  });

  it('reports each file with its servers, problems and whether connect writes there', async () => {
    await put(path.join(home, '.cursor', 'mcp.json'), { mcpServers: { memory: { command: 'npx' } } });
    await put(path.join(project, '.cursor', 'mcp.json'), '{ broken');
    const ctx = await context();
    const report = clientReport(await scanClient(cursor, ctx), { ctx, active: [], handshakeNames: [] });
    expect(report.connected).toBe(false);
    expect(report.files).toMatchObject([
      { location: 'user', scope: 'user', exists: true, connectTarget: true, problem: undefined },
      { location: `project:${project}`, scope: 'project', connectTarget: false, problem: { line: 1 } },
    ]);
    expect(report.files[0]?.servers).toMatchObject([
      { name: 'memory', location: 'user', skipped: undefined },
    ]);
    expect(report.files[0]?.servers[0]?.id).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('connectTargets', () => {
  it('prefers the files that exist, else the first place connect may create one', async () => {
    const ctx = await context();
    expect(connectTargets(await scanClient(cursor, ctx)).map((t) => t.location.id)).toEqual(['user']);
    await put(path.join(home, '.cursor', 'mcp.json'), {});
    expect(connectTargets(await scanClient(cursor, ctx)).map((t) => t.file.snapshot.exists)).toEqual([true]);
  });
});
