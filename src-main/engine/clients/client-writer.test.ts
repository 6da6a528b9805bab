import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Logger } from '../types.js';
import { cursor } from './adapters/cursor.js';
import { type BackupRecord, BackupStore } from './backups.js';
import { backupsFor, createClientWriter, MAX_REPLANS } from './client-writer.js';
import { planConnect, planDisconnect } from './connect-plan.js';
import { sha256 } from './files.js';
import { createContext, scanClient } from './scan.js';

const GATEWAY_URL = 'http://127.0.0.1:7411/mcp';
const ORIGINAL = '{\n  "mcpServers": { "memory": { "command": "npx" } }\n}\n';

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silent,
};

let root: string;
let home: string;
let file: string;
let store: BackupStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mcpgw-client-writer-'));
  home = path.join(root, 'home');
  file = path.join(home, '.cursor', 'mcp.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, ORIGINAL);
  store = new BackupStore(path.join(root, 'data'), () => 1_000);
});
afterEach(() => rm(root, { recursive: true, force: true }));

function context() {
  return createContext({
    env: { HOME: home },
    platform: 'linux',
    gatewayUrl: GATEWAY_URL,
    bridge: { command: 'node', args: [] },
    entryName: 'mcp-gateway',
    projectDirs: [],
  });
}

async function plan() {
  const ctx = await context();
  return planConnect(await scanClient(cursor, ctx), {
    ctx,
    entryName: 'mcp-gateway',
    options: {},
    gatewayServers: {},
  });
}

async function disconnectPlan() {
  const ctx = await context();
  const records = (await store.list()).filter((r) => r.restoredAt === null);
  return { plan: planDisconnect(await scanClient(cursor, ctx), records), records };
}

describe('client writer', () => {
  it('backs up the original, writes the plan and records what it wrote', async () => {
    const writer = createClientWriter({ store, logger: silent, now: () => 2_000 });
    const result = await writer.connect(cursor, plan);
    const after = await readFile(file, 'utf8');
    expect(JSON.parse(after).mcpServers['mcp-gateway']).toEqual({ url: GATEWAY_URL });
    expect(result.replanned).toBe(0);
    expect(result.files).toEqual([{ file, changed: true, backupId: expect.any(String) }]);
    const [rec] = await store.list();
    expect(rec).toMatchObject({ client: 'cursor', sha256: sha256(ORIGINAL), writtenSha256: sha256(after) });
    expect(await store.original(rec as BackupRecord)).toEqual(Buffer.from(ORIGINAL));
  });

  it('plans again when the file changes between reading and writing, keeping that change', async () => {
    let edits = 0;
    const writer = createClientWriter({
      store,
      logger: silent,
      now: () => 2_000,
      beforeWrite: async () => {
        if (edits++ === 0) {
          await writeFile(file, '{ "mcpServers": { "theirs": { "command": "z" } } }');
        }
      },
    });
    const result = await writer.connect(cursor, plan);
    expect(result.replanned).toBe(1);
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).mcpServers)).toEqual([
      'theirs',
      'mcp-gateway',
    ]);
  });

  it('gives up after a few attempts on a file that keeps changing, and never overwrites it', async () => {
    let n = 0;
    const writer = createClientWriter({
      store,
      logger: silent,
      now: () => 2_000,
      beforeWrite: () => writeFile(file, `{ "mcpServers": {}, "n": ${++n} }`),
    });
    await expect(writer.connect(cursor, plan)).rejects.toMatchObject({ code: 'CLIENT_CONFIG_CHANGED' });
    expect(n).toBe(MAX_REPLANS);
    expect(await readFile(file, 'utf8')).toBe(`{ "mcpServers": {}, "n": ${MAX_REPLANS} }`);
    expect(await store.list()).toEqual([]);
  });

  it('disconnect restores the exact bytes of a file untouched since connect', async () => {
    const writer = createClientWriter({ store, logger: silent, now: () => 2_000 });
    await writer.connect(cursor, plan);
    const result = await writer.disconnect(cursor, disconnectPlan);
    expect(result.files).toEqual([{ file, action: 'restored' }]);
    expect(await readFile(file, 'utf8')).toBe(ORIGINAL);
  });

  it('disconnect edits a file changed since connect and closes its backup cycle', async () => {
    const writer = createClientWriter({ store, logger: silent, now: () => 3_000 });
    await writer.connect(cursor, plan);
    const edited = JSON.parse(await readFile(file, 'utf8'));
    edited.mcpServers.mine = { command: 'm' };
    await writeFile(file, JSON.stringify(edited));
    const result = await writer.disconnect(cursor, disconnectPlan);
    expect(result.files).toEqual([{ file, action: 'edited' }]);
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).mcpServers)).toEqual(['memory', 'mine']);
    expect((await store.list()).map((r) => r.restoredAt)).toEqual([3_000]);
  });
});

describe('backupsFor', () => {
  const rec = (id: string, client: string, restoredAt: number | null) =>
    ({ id, client, restoredAt }) as BackupRecord;
  const records = [rec('a', 'cursor', null), rec('b', 'cursor', 5), rec('c', 'zed', null)];

  it('chooses every backup in force, a client’s, or one by id', () => {
    expect(backupsFor('all', records, ['cursor', 'zed']).map((r) => r.id)).toEqual(['a', 'c']);
    expect(backupsFor('cursor', records, ['cursor', 'zed']).map((r) => r.id)).toEqual(['a']);
    expect(backupsFor('b', records, ['cursor', 'zed']).map((r) => r.id)).toEqual(['b']);
  });

  it('says how to list backups when the target is unknown', () => {
    expect(() => backupsFor('nope', records, ['cursor'])).toThrow(/mcp-gateway clients backups/);
  });
});
