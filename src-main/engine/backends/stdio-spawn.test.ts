import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { expandServerConfig } from '../config/index.js';
import { isGroupAlive, killTree } from './process-group.js';
import { type EarlyChildren, planStdioServer, spawnStdioServersEarly } from './stdio-spawn.js';
import { StdioChildTransport } from './stdio-transport.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MEMORY = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const EXITS = path.join(ROOT, 'test/fixtures/servers/exits-at-once.mjs');

const node = (script: string, extra: Partial<ServerConfig> = {}): ServerConfig => ({
  command: process.execPath,
  args: [script],
  ...extra,
});

const expand = (name: string, server: ServerConfig) =>
  expandServerConfig(name, server, process.env, () => Promise.reject(new Error('no secrets here')));

let early: EarlyChildren | undefined;
afterEach(() => {
  early?.dispose();
  early = undefined;
});

function transportFor(name: string, server: ServerConfig, lines: string[]): StdioChildTransport {
  const plan = planStdioServer(name, server, process.env);
  return new StdioChildTransport({
    ...plan,
    stopGraceMs: 300,
    logSink: (stream, line) => lines.push(`${stream}: ${line}`),
    adopt: () => early?.take(plan),
  });
}

async function waitFor(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !pred(); i += 1) {
    await new Promise((r) => setTimeout(r, 25));
  }
  if (!pred()) {
    throw new Error(`timed out waiting for ${what}`);
  }
}

describe('stdio servers spawned before the SDK loads', () => {
  it('are taken over by the transport with the same plan and speak MCP as usual', async () => {
    early = await spawnStdioServersEarly({ mem: node(MEMORY) }, { env: process.env, expand });
    expect(early.waiting()).toBe(1);
    const lines: string[] = [];
    const transport = transportFor('mem', node(MEMORY), lines);
    const client = new Client({ name: 'early-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(early.waiting()).toBe(0);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('read_graph');
      expect(lines.some((l) => l.startsWith(`gateway: spawned pid ${transport.pid}`))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('report an exit that happened before the takeover, with the stderr it wrote', async () => {
    early = await spawnStdioServersEarly({ broken: node(EXITS) }, { env: process.env, expand });
    // Let it exit while nobody holds it.
    await new Promise((r) => setTimeout(r, 500));
    const lines: string[] = [];
    const transport = transportFor('broken', node(EXITS), lines);
    let closed = false;
    transport.onclose = () => {
      closed = true;
    };
    await transport.start();
    await waitFor(() => closed, 'the close');
    expect(transport.exitDescription()).toBe('exited with code 3');
    expect(lines).toContain('stderr: fatal: EXAMPLE_API_KEY is not set');
  });

  it('leaves servers that need a secret, disabled ones and remote ones to the supervisor', async () => {
    early = await spawnStdioServersEarly(
      {
        secret: node(MEMORY, { env: { TOKEN: '${secret:TOKEN}' } }),
        off: node(MEMORY, { disabled: true }),
        remote: { url: 'http://127.0.0.1:1/mcp' },
        missing: { command: 'no-such-command-anywhere' },
      },
      { env: process.env, expand },
    );
    expect(early.waiting()).toBe(0);
  });

  it('kills the ones never taken', async () => {
    early = await spawnStdioServersEarly({ mem: node(MEMORY) }, { env: process.env, expand });
    const plan = planStdioServer('mem', node(MEMORY), process.env);
    // Another plan (other args) does not take it.
    expect(early.take({ ...plan, args: [...plan.args, 'other'] })).toBeUndefined();
    const [pid] = early.pids();
    expect(pid).toBeTypeOf('number');
    await waitFor(() => isGroupAlive(pid as number), 'the early child to run');
    early.dispose();
    expect(early.waiting()).toBe(0);
    await waitFor(() => !isGroupAlive(pid as number), 'the early child to be killed');
  });

  it('on Windows, kill the whole tree with taskkill /T /F (by its full path, no shell), not child.kill()', async () => {
    const calls: Array<{ file: string; args: string[]; shell: unknown }> = [];
    const recorder = (file: string, args: string[], opts: { shell?: unknown }) => {
      calls.push({ file, args, shell: opts.shell });
      return { on: () => undefined, unref: () => undefined } as never;
    };
    early = await spawnStdioServersEarly(
      { mem: node(MEMORY) },
      { env: process.env, expand, kill: { platform: 'win32', systemRoot: 'C:\\Windows', spawn: recorder } },
    );
    const [pid] = early.pids();
    await waitFor(() => isGroupAlive(pid as number), 'the early child to run');
    early.dispose();
    expect(calls).toEqual([
      { file: 'C:\\Windows\\System32\\taskkill.exe', args: ['/T', '/F', '/PID', String(pid)], shell: false },
    ]);
    // Nothing else was signalled: the child is still running (child.kill() would have ended it).
    await new Promise((r) => setTimeout(r, 200));
    expect(isGroupAlive(pid as number)).toBe(true);
    killTree(pid as number);
    await waitFor(() => !isGroupAlive(pid as number), 'the early child to be killed');
  });

  it('on POSIX, kill the process group with SIGKILL', async () => {
    const signals: Array<[number, string]> = [];
    early = await spawnStdioServersEarly(
      { mem: node(MEMORY) },
      {
        env: process.env,
        expand,
        kill: {
          platform: 'linux',
          kill: (p, sig) => {
            signals.push([p, sig]);
            process.kill(p, sig);
          },
        },
      },
    );
    const [pid] = early.pids();
    await waitFor(() => isGroupAlive(pid as number), 'the early child to run');
    early.dispose();
    expect(signals).toEqual([[-(pid as number), 'SIGKILL']]);
    await waitFor(() => !isGroupAlive(pid as number), 'the early child to be killed');
  });
});
