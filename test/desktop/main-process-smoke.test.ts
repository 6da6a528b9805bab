/**
 * A smoke test of the desktop main process (src-main/desktop/main.ts, compiled) under a
 * RECORDING STAND-IN for the Electron API (test/desktop/electron-stand-in/). Electron does not
 * run here and this test does not pretend it does: the stand-in renders nothing and only records
 * what main.ts asks for. What runs for real: main.ts's wiring, the engine, its HTTP listener and
 * the MCP servers it supervises as child processes. It catches wiring mistakes the unit tests of
 * desktop/logic cannot: app start, the single-instance lock, the tray created with the current
 * health icon, the menu built from live server states, a server failing (icon and notification
 * change), and quit stopping the engine and its children.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const MAIN = path.join(root, 'dist/src-main/desktop/main.js');
const REGISTER = path.join(root, 'test/desktop/electron-stand-in/register.mjs');
const MEMORY = path.join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const EXITS = path.join(root, 'test/fixtures/servers/exits-at-once.mjs');

const canRun = existsSync(MAIN) && process.platform === 'linux';
if (!canRun) {
  console.log(
    `desktop main-process smoke test (recording stand-in): not run — ${existsSync(MAIN) ? 'finds child processes through /proc (Linux only)' : 'dist/ is not built (npx tsc -b)'}`,
  );
}

interface Rec {
  what: string;
  [k: string]: unknown;
}

interface Launch {
  child: ChildProcess;
  records: Rec[];
  output: () => string;
  exited: Promise<number | null>;
}

let home: string;

function launch(): Launch {
  const records: Rec[] = [];
  let output = '';
  const child = fork(MAIN, [], {
    execArgv: ['--import', REGISTER],
    env: {
      ...process.env,
      MCP_GATEWAY_HOME: home,
      STAND_IN_HOME: path.join(home, 'electron'),
      STAND_IN_APP_PATH: root,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.on('message', (m) => records.push(m as Rec));
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, records, output: () => output, exited };
}

async function until<T>(what: string, fn: () => T | undefined, l: Launch): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = fn();
    if (v !== undefined && v !== false) {
      return v;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out waiting for ${what}; last records: ${JSON.stringify(l.records.slice(-5))}\n${l.output().slice(-2000)}`,
  );
}

/** Every process below `pid` (children, grandchildren), from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parents) {
      if (pp === p) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  if (!canRun) {
    return;
  }
  home = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-desktop-smoke-'));
  writeFileSync(
    path.join(home, 'config.json'),
    JSON.stringify({
      gateway: {
        port: 0,
        supervisor: {
          backoffInitialMs: 50,
          backoffMaxMs: 200,
          backoffJitter: 0,
          circuitMaxFailures: 2,
          stopGraceMs: 500,
        },
      },
      mcpServers: {
        memory: {
          command: process.execPath,
          args: [MEMORY],
          env: { MEMORY_FILE_PATH: path.join(home, 'memory.jsonl') },
        },
      },
    }),
  );
});

afterAll(() => {
  if (home !== undefined) {
    rmSync(home, { recursive: true, force: true });
  }
});

describe.skipIf(!canRun)(
  'desktop main process under a recording stand-in for the Electron API (not Electron)',
  () => {
    it('starts, holds the single-instance lock, shows live health in the tray, reports a failing server, and quits cleanly', async () => {
      const first = launch();
      try {
        // App start and the single-instance lock.
        await until('the tray', () => first.records.find((r) => r.what === 'tray.new'), first);
        expect(first.records.find((r) => r.what === 'app.setName')).toMatchObject({ value: 'MCP Gateway' });
        expect(first.records.find((r) => r.what === 'app.requestSingleInstanceLock')).toMatchObject({
          value: true,
        });
        // The tray starts with the icon of the current health (the server is still starting, or already up).
        const created = first.records.find((r) => r.what === 'tray.new') as Rec;
        expect(created.icon).toMatch(/^resources\/tray\/tray-(degraded|ok)-dark\.png$/);
        expect(existsSync(path.join(root, created.icon as string))).toBe(true);

        // Live server states: the icon turns green and the menu lists the server as running.
        await until(
          'the green icon',
          () =>
            first.records.some(
              (r) => r.what === 'tray.setImage' && r.icon === 'resources/tray/tray-ok-dark.png',
            ),
          first,
        );
        const menuWith = (re: RegExp) =>
          [...first.records]
            .reverse()
            .find((r) => r.what === 'tray.setContextMenu' && JSON.stringify(r.items).match(re) !== null);
        await until('a menu with memory running', () => menuWith(/memory — running/), first);

        // A second launch hands over and leaves without starting anything.
        const second = launch();
        expect(await second.exited).toBe(0);
        expect(second.records.find((r) => r.what === 'app.requestSingleInstanceLock')).toMatchObject({
          value: false,
        });
        expect(second.records.some((r) => r.what === 'app.quit')).toBe(true);
        expect(second.records.some((r) => r.what === 'tray.new')).toBe(false);

        // A server that fails: added through the engine's API, it exits at once until its circuit opens.
        const { url } = JSON.parse(readFileSync(path.join(home, 'data', 'gateway.json'), 'utf8')) as {
          url: string;
        };
        const token = readFileSync(path.join(home, 'data', 'admin-token'), 'utf8').trim();
        const added = await fetch(`${url}/api/v1/servers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'broken', config: { command: process.execPath, args: [EXITS] } }),
        });
        expect(added.status).toBe(201);
        await until(
          'the red icon',
          () =>
            first.records.some(
              (r) => r.what === 'tray.setImage' && r.icon === 'resources/tray/tray-failed-dark.png',
            ),
          first,
        );
        const note = await until(
          'a notification about the failing server',
          () => first.records.find((r) => r.what === 'notification.show' && /broken/.test(String(r.title))),
          first,
        );
        expect(note.title).toMatch(/broken (failed|stopped after repeated failures)/);
        await until('a menu with broken failed', () => menuWith(/broken — failed/), first);

        // Quit: the engine and every child it started stop before the process ends.
        const children = descendants(first.child.pid as number);
        expect(children.length).toBeGreaterThan(0);
        first.child.send({ cmd: 'quit' });
        expect(await first.exited).toBe(0);
        expect(first.records.some((r) => r.what === 'app.quit.held')).toBe(true); // held until the engine stopped
        expect(first.records.some((r) => r.what === 'tray.destroy')).toBe(true);
        expect(first.records.filter((r) => r.what === 'app.exit')).toEqual([{ what: 'app.exit', code: 0 }]);
        expect(children.filter(alive)).toEqual([]);
        expect(existsSync(path.join(home, 'data', 'gateway.json'))).toBe(false);
        console.log(
          `desktop smoke (recording stand-in, not Electron): ${first.records.length} recorded calls; tray icons ${[
            ...new Set(
              first.records
                .filter((r) => r.what === 'tray.new' || r.what === 'tray.setImage')
                .map((r) => path.basename(String(r.icon))),
            ),
          ].join(' → ')}; ${children.length} child processes stopped on quit`,
        );
      } finally {
        if (first.child.exitCode === null) {
          first.child.kill('SIGKILL');
        }
      }
    });
  },
);
