import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { cursor } from './adapters/cursor.js';
import { windsurf } from './adapters/windsurf.js';
import { mergeScans, planImport, uniqueName } from './import-plan.js';
import { createContext, scanClient, type ScannedClient } from './scan.js';

const MEMORY = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] };
const FETCH = { command: 'uvx', args: ['mcp-server-fetch'] };

let root: string;
let home: string;
let project: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mcpgw-import-plan-'));
  home = path.join(root, 'home');
  project = path.join(root, 'project');
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function put(file: string, servers: Record<string, unknown>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ mcpServers: servers }, null, 2));
}

async function scanBoth(): Promise<ScannedClient[]> {
  const ctx = await createContext({
    env: { HOME: home },
    platform: 'linux',
    gatewayUrl: 'http://127.0.0.1:7411/mcp',
    bridge: { command: 'node', args: ['bridge.js'] },
    entryName: 'mcp-gateway',
    projectDirs: [project],
  });
  return [await scanClient(cursor, ctx), await scanClient(windsurf, ctx)];
}

describe('mergeScans', () => {
  it('merges one command line found in several files, trusted as its most trusted source', async () => {
    await put(path.join(project, '.cursor', 'mcp.json'), { mem: MEMORY });
    await put(path.join(home, '.cursor', 'mcp.json'), { memory: { ...MEMORY, env: { A: '1' } } });
    const { servers, conflicts } = mergeScans(await scanBoth(), {});
    expect(servers).toHaveLength(1);
    const [m] = servers;
    expect(m?.sources.map((s) => [s.location, s.scope])).toEqual([
      ['user', 'user'],
      [`project:${project}`, 'project'],
    ]);
    expect(m?.scope).toBe('user');
    expect(m?.project).toBeUndefined();
    expect(m?.variants).toBe(2);
    expect(conflicts).toEqual([]);
  });

  it('keeps a server found only in a project at project scope, with its folder', async () => {
    await put(path.join(project, '.cursor', 'mcp.json'), { mem: MEMORY });
    const { servers } = mergeScans(await scanBoth(), {});
    expect(servers[0]).toMatchObject({ scope: 'project', project, suggestedName: 'mem' });
  });

  it('gives the second server of a shared name its client as a suffix and reports the conflict', async () => {
    await put(path.join(home, '.cursor', 'mcp.json'), { tools: MEMORY });
    await put(path.join(home, '.codeium', 'windsurf', 'mcp_config.json'), { tools: FETCH });
    const { servers, conflicts } = mergeScans(await scanBoth(), {});
    expect(servers.map((m) => m.suggestedName)).toEqual(['tools', 'tools-windsurf']);
    expect(conflicts).toEqual([{ name: 'tools', ids: servers.map((m) => m.id) }]);
  });

  it('names the gateway server that already runs the same command line', async () => {
    await put(path.join(home, '.cursor', 'mcp.json'), { memory: MEMORY });
    const { servers } = mergeScans(await scanBoth(), { remembered: { ...MEMORY } });
    expect(servers[0]?.inGateway).toBe('remembered');
  });
});

describe('planImport', () => {
  it('turns chosen servers into entries with their origin, and says why others are skipped', async () => {
    await put(path.join(home, '.cursor', 'mcp.json'), { memory: MEMORY, 'bad name!': FETCH });
    await put(path.join(project, '.cursor', 'mcp.json'), { web: { url: 'https://example.com/mcp' } });
    const { servers } = mergeScans(await scanBoth(), {});
    const byName = (n: string) => servers.find((m) => m.suggestedName === n)?.id ?? '';
    const result = planImport(
      servers,
      {
        ids: [byName('memory'), byName('bad-name'), byName('web'), 'nope'],
        names: { [byName('bad-name')]: 'x y' },
      },
      { memory: { command: 'other' } },
    );
    expect(result.added.map((a) => a.name)).toEqual(['memory-2', 'web']);
    expect(result.added[0]?.config.origin).toEqual({
      client: 'cursor',
      scope: 'user',
      file: path.join(home, '.cursor', 'mcp.json'),
    });
    expect(result.added[0]?.approval).toBeUndefined();
    // A project's server waits for the user's approval before it runs.
    expect(result.added[1]?.config.origin).toMatchObject({ scope: 'project', project });
    expect(result.added[1]?.approval).toBeDefined();
    expect(result.skipped).toEqual([
      { id: byName('bad-name'), name: 'x y', reason: expect.stringMatching(/server names use letters/) },
      { id: 'nope', reason: expect.stringMatching(/run detect again/) },
    ]);
  });

  it('never renames a name the user chose: a taken one is skipped with what to do', async () => {
    await put(path.join(home, '.cursor', 'mcp.json'), { memory: MEMORY });
    const { servers } = mergeScans(await scanBoth(), {});
    const id = servers[0]?.id ?? '';
    const result = planImport(servers, { ids: [id], names: { [id]: 'taken' } }, { taken: { command: 'x' } });
    expect(result.added).toEqual([]);
    expect(result.skipped).toEqual([
      { id, name: 'taken', reason: expect.stringMatching(/choose another name/) },
    ]);
  });

  it('skips a server the gateway already runs, naming it', async () => {
    await put(path.join(home, '.cursor', 'mcp.json'), { memory: MEMORY });
    const gateway = { mem: { ...MEMORY } };
    const { servers } = mergeScans(await scanBoth(), gateway);
    const id = servers[0]?.id ?? '';
    expect(planImport(servers, { ids: [id] }, gateway).skipped).toEqual([
      { id, name: 'mem', reason: 'already in the gateway as "mem"' },
    ]);
  });
});

describe('uniqueName', () => {
  it('makes a valid name and counts up past taken ones', () => {
    expect(uniqueName('my server', new Set())).toBe('my-server');
    expect(uniqueName('a', new Set(['a', 'a-2']))).toBe('a-3');
    expect(uniqueName('x'.repeat(60), new Set())).toHaveLength(44);
  });
});
