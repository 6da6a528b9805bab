import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Tool } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { createDefinitionHashes, definitionHash } from '../trust/index.js';
import { createListCache, type ToolDigests } from './list-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

function dataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-list-cache-'));
  dirs.push(d);
  return d;
}

const config: ServerConfig = { command: 'node', args: ['server.js'] };
const tools: Tool[] = [
  {
    name: 'add',
    description: 'Adds two numbers.',
    inputSchema: { type: 'object', properties: { a: { type: 'number' } } },
  },
  { name: 'echo', description: 'Echoes.', inputSchema: { type: 'object' } },
];
const lists = { tools, resources: [], resourceTemplates: [], prompts: [] };

/** Counts the digests it computes and records the ones handed to it. */
function countingDigests(): ToolDigests & { computed: number; seeded: Array<[string, string]> } {
  const inner = createDefinitionHashes();
  const d = {
    computed: 0,
    seeded: [] as Array<[string, string]>,
    of(tool: Tool) {
      d.computed += 1;
      return inner.of(tool);
    },
    seed(tool: Tool, digest: string) {
      d.seeded.push([tool.name, digest]);
      inner.seed(tool, digest);
    },
  };
  return d;
}

describe('list cache', () => {
  it('saves each tool’s digest with the lists and seeds it when a new gateway reads them back', async () => {
    const dir = dataDir();
    const first = countingDigests();
    const cache = createListCache(dir, { digests: first });
    cache.set('calc', config, lists);
    await cache.flush();
    expect(first.computed).toBe(2);

    const next = countingDigests();
    const read = createListCache(dir, { digests: next }).get('calc', config);
    expect(read?.tools.map((t) => t.name)).toEqual(['add', 'echo']);
    expect(next.seeded).toEqual([
      ['add', definitionHash(tools[0] as Tool)],
      ['echo', definitionHash(tools[1] as Tool)],
    ]);
    expect(next.computed).toBe(0);
  });

  it('ignores digests that do not line up with the tools', async () => {
    const dir = dataDir();
    const cache = createListCache(dir, { digests: countingDigests() });
    cache.set('calc', config, lists);
    await cache.flush();
    const file = path.join(dir, 'list-cache', 'calc.json');
    // The head line holds the digests, the second line the lists.
    const [headLine, listsLine] = readFileSync(file, 'utf8').split('\n');
    const head = JSON.parse(headLine as string) as { toolDigests: string[] };
    head.toolDigests = head.toolDigests.slice(0, 1);
    writeFileSync(file, `${JSON.stringify(head)}\n${listsLine}\n`);

    const next = countingDigests();
    expect(createListCache(dir, { digests: next }).get('calc', config)?.tools).toHaveLength(2);
    expect(next.seeded).toEqual([]);
  });

  it('reads a file written by the earlier one-object format', async () => {
    const dir = dataDir();
    const cache = createListCache(dir, { digests: countingDigests() });
    cache.set('calc', config, lists);
    await cache.flush();
    const file = path.join(dir, 'list-cache', 'calc.json');
    const [headLine, listsLine] = readFileSync(file, 'utf8').split('\n');
    const head = JSON.parse(headLine as string) as Record<string, unknown>;
    const old = {
      format: 1,
      key: head['key'],
      server: 'calc',
      lists: JSON.parse(listsLine as string) as unknown,
    };
    writeFileSync(file, JSON.stringify({ ...old, toolDigests: head['toolDigests'] }));
    const next = countingDigests();
    const read = createListCache(dir, { digests: next });
    expect(read.get('calc', config)?.tools).toHaveLength(2);
    expect(next.seeded).toHaveLength(2);
    expect(read.signature('calc', config)).toBe(cache.signature('calc', config));
  });

  it('a changed config entry makes the cached lists invalid', async () => {
    const dir = dataDir();
    const cache = createListCache(dir);
    cache.set('calc', config, lists);
    await cache.flush();
    const fresh = createListCache(dir);
    expect(fresh.has('calc', config)).toBe(true);
    expect(fresh.has('calc', { ...config, args: ['other.js'] })).toBe(false);
    // Fields that do not change what the server lists keep it valid.
    expect(fresh.has('calc', { ...config, sleepAfterMs: 1_000, keepAwake: true })).toBe(true);
  });
});
