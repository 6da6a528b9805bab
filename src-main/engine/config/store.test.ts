import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { GatewayConfig } from '../../../src-shared/config.js';
import { silentLogger } from '../telemetry/index.js';
import type { ConfigProblem } from '../types.js';
import { type ManagedConfigStore, openConfigStore } from './store.js';

let dir: string;
let file: string;
let store: ManagedConfigStore | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cfg-'));
  file = path.join(dir, 'config.json');
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Resolve when the store reports a change or a problem (bounded by the test timeout). */
function next<T>(subscribe: (fn: (v: T) => void) => { dispose(): void }): Promise<T> {
  return new Promise((resolve) => {
    const d = subscribe((v) => {
      d.dispose();
      resolve(v);
    });
  });
}

describe('config store', () => {
  it('creates an empty config when the file is missing', async () => {
    store = await openConfigStore({ path: file, logger: silentLogger });
    expect(store.current().mcpServers).toEqual({});
    expect(store.current().gateway.port).toBe(7411);
    expect(await readFile(file, 'utf8')).toContain('"mcpServers"');
  });

  it('accepts a pasted Claude Desktop block as is, comments included', async () => {
    await writeFile(
      file,
      `{
  // my servers
  "mcpServers": {
    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"], "env": {} },
    "remote": { "url": "https://example.test/mcp", "type": "streamable-http", "headers": { "X": "1" } },
  },
}`,
    );
    store = await openConfigStore({ path: file, logger: silentLogger, watch: false });
    expect(store.problem()).toBeUndefined();
    expect(Object.keys(store.current().mcpServers)).toEqual(['memory', 'remote']);
  });

  it('reports the line and reason of a broken file and starts empty without touching it', async () => {
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}\n';
    await writeFile(file, broken);
    store = await openConfigStore({ path: file, logger: silentLogger, watch: false });
    expect(store.problem()).toMatchObject({ line: 4 });
    expect(store.problem()?.message).toMatch(/expected ","/);
    expect(await readFile(file, 'utf8')).toBe(broken);
    await expect(store.update((d) => void (d.mcpServers.c = { command: 'y' }))).rejects.toThrow(/line 4/);
    expect(await readFile(file, 'utf8')).toBe(broken);
  });

  it('names the field and line of a schema error', async () => {
    await writeFile(file, '{\n  "mcpServers": {\n    "bad": { "args": ["x"] }\n  }\n}\n');
    store = await openConfigStore({ path: file, logger: silentLogger, watch: false });
    expect(store.problem()?.message).toMatch(/^mcpServers\.bad: a server needs either "command"/);
    expect(store.problem()?.line).toBe(3);
  });

  it('writes API changes as minimal edits that keep comments and unknown keys', async () => {
    const original = `{
    // keep me
    "gateway": { "port": 9000 },
    "mcpServers": {
        "a": { "command": "node", "args": ["a.js"], "autoApprove": ["x"] }, // trailing note
        "z": {
            "command": "node"
        }
    },
    "somethingElse": true
}
`;
    await writeFile(file, original);
    store = await openConfigStore({ path: file, logger: silentLogger, watch: false });
    const seen: string[] = [];
    store.onChange((_c, _p, source) => seen.push(source));
    await store.update((d) => {
      d.mcpServers.b = { url: 'http://127.0.0.1:1/mcp' };
    });
    const text = await readFile(file, 'utf8');
    expect(text).toContain('// keep me');
    expect(text).toContain('// trailing note');
    expect(text).toContain('"somethingElse": true');
    expect(text).toContain('"autoApprove": ["x"]');
    expect(text).toMatch(/\n {8}"b": \{/);
    expect(store.current().mcpServers.b?.url).toBe('http://127.0.0.1:1/mcp');
    expect(seen).toEqual(['api']);

    await store.update((d) => {
      delete d.mcpServers.b;
    });
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('edits one profile without touching the comments of another or of the edited one', async () => {
    const text = `{
  "gateway": {
    "profiles": {
      // for the CI agent
      "ci": { "servers": ["memory"] },
      "coding": {
        // no graph writes
        "deny": ["memory__create*"],
        "mode": "all"
      }
    }
  },
  "mcpServers": { "memory": { "command": "npx" } }
}
`;
    await writeFile(file, text);
    store = await openConfigStore({ path: file, logger: silentLogger, watch: false });
    await store.update((d) => {
      const profiles = { ...(d.gateway['profiles'] as Record<string, Record<string, unknown>>) };
      profiles['coding'] = { ...profiles['coding'], mode: 'meta' };
      profiles['new'] = { allow: ['memory__read*'] };
      delete profiles['ci'];
      d.gateway['profiles'] = profiles;
    });
    const after = await readFile(file, 'utf8');
    expect(after).toContain('// no graph writes');
    expect(after).toContain('"mode": "meta"');
    expect(after).not.toContain('"ci"');
    expect(store.current().gateway.profiles['new']).toEqual({ allow: ['memory__read*'] });
    expect(store.current().gateway.profiles['coding']).toEqual({ deny: ['memory__create*'], mode: 'meta' });
  });

  it('refuses an invalid change with the field name and writes nothing', async () => {
    store = await openConfigStore({ path: file, logger: silentLogger, watch: false });
    const before = await readFile(file, 'utf8');
    await expect(
      store.update((d) => {
        d.gateway.port = 'nope';
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'gateway.port' });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('picks up hand edits live and keeps the last good config on a broken edit', async () => {
    store = await openConfigStore({ path: file, logger: silentLogger });
    const s = store;
    const changed = next<GatewayConfig>((fn) => s.onChange((c) => fn(c)));
    await writeFile(file, JSON.stringify({ mcpServers: { m: { command: 'node' } } }, null, 2));
    expect(Object.keys((await changed).mcpServers)).toEqual(['m']);

    const problem = next<ConfigProblem>((fn) => s.onProblem(fn));
    await writeFile(file, '{ "mcpServers": { "m": { "command": "node" }, } ');
    expect((await problem).message).toMatch(/expected "}"|not valid JSON/);
    expect(Object.keys(s.current().mcpServers)).toEqual(['m']);
  });

  it('does not lose a hand edit that lands just before an API write', async () => {
    store = await openConfigStore({ path: file, logger: silentLogger, watch: false });
    await writeFile(file, JSON.stringify({ mcpServers: { hand: { command: 'node' } } }, null, 2));
    await store.update((d) => {
      d.mcpServers.api = { command: 'node' };
    });
    expect(Object.keys(store.current().mcpServers).sort()).toEqual(['api', 'hand']);
    expect(JSON.parse(await readFile(file, 'utf8')).mcpServers).toHaveProperty('hand');
  });
});

describe('config store: a read that fails after the watcher fired', () => {
  it('keeps the last good config, reports the problem, and rejects nothing', async () => {
    await writeFile(file, JSON.stringify({ mcpServers: { a: { command: 'x' } } }));
    let failWith: string | undefined;
    store = await openConfigStore({
      path: file,
      logger: silentLogger,
      readFile: async (p) => {
        if (failWith !== undefined) {
          throw Object.assign(new Error(`${failWith}: resource busy or locked, open '${p}'`), {
            code: failWith,
          });
        }
        return readFile(p, 'utf8');
      },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      failWith = 'EBUSY';
      const reported = next<ConfigProblem>((fn) => store!.onProblem(fn));
      // A hand edit: the watcher fires and its read fails.
      await writeFile(file, JSON.stringify({ mcpServers: { b: { command: 'y' } } }));
      const problem = await reported;
      expect(problem.message).toMatch(
        /could not read .*config\.json.*EBUSY.*the last good config stays in force/,
      );
      expect(Object.keys(store.current().mcpServers)).toEqual(['a']);
      expect(store.problem()?.message).toMatch(/EBUSY/);
      // Called directly, too, a failed read resolves and reports.
      failWith = 'EIO';
      await expect(store.reload()).resolves.toBeUndefined();
      expect(store.problem()?.message).toMatch(/EIO/);
      // The next good read is adopted.
      failWith = undefined;
      await store.reload();
      expect(Object.keys(store.current().mcpServers)).toEqual(['b']);
      expect(store.problem()).toBeUndefined();
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
