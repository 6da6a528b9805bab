#!/usr/bin/env node
// Smoke test of the real desktop app with Playwright's Electron driver: launch it with a fresh
// data folder and one real MCP server, check the window shows the dashboard with the bridge,
// quit, and check that no process it started is left. Where no Electron binary is installed it
// says so and does not pretend to have run ("--require" makes that a failure).
/* global window */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const required = process.argv.includes('--require');
const require = createRequire(import.meta.url);

function notRun(why) {
  const line = `electron smoke: not run — ${why}`;
  console.log(line);
  if (required) {
    console.error('electron smoke: --require was given, so this counts as a failure');
    process.exit(1);
  }
  process.exit(0);
}

const logic = path.join(root, 'dist', 'src-main', 'desktop', 'logic', 'start-mode.js');
let binary;
try {
  const { locateElectronBinary } = await import(pathToFileURL(logic).href);
  const { existsSync } = await import('node:fs');
  binary = locateElectronBinary(path.join(root, 'node_modules', 'electron'), process.env);
  if (binary === undefined || !existsSync(binary)) {
    notRun('no Electron binary');
  }
} catch (err) {
  notRun(`the app is not built (${err instanceof Error ? err.message : String(err)}); run \`npm run build\``);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  notRun('no display (run it under xvfb-run)');
}

/** Every process whose parent chain leads to `rootPid` (POSIX `ps`). */
async function descendants(rootPid) {
  if (process.platform === 'win32') {
    return [];
  }
  const { execFileSync } = await import('node:child_process');
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const found = new Set([rootPid]);
  for (let grew = true, rounds = 0; grew && rounds < 50; rounds++) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  found.delete(rootPid);
  return [...found];
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const home = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-electron-smoke-'));
const memoryServer = require.resolve('@modelcontextprotocol/server-memory/dist/index.js');
await writeFile(
  path.join(home, 'config.json'),
  JSON.stringify(
    { gateway: { port: 0 }, mcpServers: { memory: { command: process.execPath, args: [memoryServer] } } },
    null,
    2,
  ),
);

const { _electron } = await import('playwright-core');
const env = { ...process.env, MCP_GATEWAY_HOME: home, MCP_GATEWAY_NO_LOGIN_SHELL: '1' };
delete env.ELECTRON_RUN_AS_NODE;
let app;
let failed = false;
try {
  app = await _electron.launch({ executablePath: binary, args: [root], env, timeout: 60_000 });
  const mainPid = app.process().pid;
  const win = await app.firstWindow({ timeout: 60_000 });
  await win.waitForURL(/\/ui\//, { timeout: 30_000 });
  const bridge = await win.evaluate(() => ({
    apiBase: window.mcpGateway?.apiBase,
    hasToken: typeof window.mcpGateway?.token === 'string',
    node: typeof window.require,
    process: typeof window.process,
  }));
  if (!bridge.apiBase || !bridge.hasToken || bridge.node !== 'undefined' || bridge.process !== 'undefined') {
    throw new Error(`the preload bridge is wrong: ${JSON.stringify(bridge)}`);
  }
  await win.getByText('memory').first().waitFor({ timeout: 60_000 });
  const token = await win.evaluate(() => window.mcpGateway.token);
  const res = await fetch(`${bridge.apiBase}/api/v1/servers`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = await res.json();
  const servers = Array.isArray(body) ? body : body.servers;
  const backendPids = servers.map((s) => s.pid).filter((p) => typeof p === 'number');
  const children = [...new Set([...(await descendants(mainPid)), ...backendPids])];
  console.log(
    `electron smoke: window shows the dashboard at ${win.url().replace(/#.*/, '')}; ${children.length} child processes`,
  );

  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  await app.waitForEvent('close', { timeout: 30_000 });
  app = undefined;
  let left = children.filter(alive);
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = children.filter(alive);
  }
  if (left.length > 0 || alive(mainPid)) {
    throw new Error(
      `processes left after quit: ${[...left, ...(alive(mainPid) ? [mainPid] : [])].join(', ')}`,
    );
  }
  console.log('electron smoke: passed — quit left no processes behind');
} catch (err) {
  failed = true;
  console.error(`electron smoke: FAILED — ${err instanceof Error ? err.stack : String(err)}`);
} finally {
  if (app !== undefined) {
    await app.close().catch(() => undefined);
  }
  await rm(home, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
