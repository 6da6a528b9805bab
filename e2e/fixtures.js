/**
 * The one fixture file of the end-to-end suite: a real headless gateway (the engine `serve` runs,
 * in a fresh data folder per test) with real MCP servers, and Chromium driven by playwright-core
 * (the system's, else the npm package's build: see chromium.js).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { findChromium } from './chromium.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const node = process.execPath;

/** Real servers: the official examples from node_modules and the project's misbehaving fixtures. */
export const SERVERS = {
  everything: () => ({
    command: node,
    args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
  }),
  memory: (home) => ({
    command: node,
    args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')],
    env: { MEMORY_FILE_PATH: path.join(home, 'memory.jsonl') },
  }),
  /** Lists the tools in `<home>/<file>` and announces list_changed when the file is rewritten. */
  mutable: (home, file = 'tools.json') => ({
    command: node,
    args: [path.join(ROOT, 'test/fixtures/servers/mutable-tools.mjs'), path.join(home, file)],
  }),
  /** Crashes right after answering its Nth tools/call (tool `echo`). */
  crashing: (_home, n = 1) => ({
    command: node,
    args: [path.join(ROOT, 'test/fixtures/servers/crash-after-n.mjs'), String(n)],
  }),
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns a truthy value; bounded. */
export async function eventually(fn, { timeout = 20_000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (let i = 0; Date.now() < end; i++) {
    try {
      const v = await fn();
      if (v) {
        return v;
      }
      last = v;
    } catch (err) {
      last = err;
    }
    await sleep(interval);
  }
  throw new Error(
    `timed out waiting for ${message}${last instanceof Error ? `: ${last.message}` : last !== undefined ? ` (last: ${JSON.stringify(last)})` : ''}`,
  );
}

export function assert(cond, message) {
  if (!cond) {
    throw new Error(`assertion failed: ${message}`);
  }
}

/**
 * Start a real gateway in a fresh data folder: the same `createEngine()` that `mcp-gateway serve`
 * runs, in this process (it starts in a fraction of the time a new Node process takes). `servers`
 * maps names to a config or to a function of the data folder (for servers that write files).
 */
export async function startGateway({ servers = {}, gateway = {}, port = 0, home, env = {} } = {}) {
  const dir = home ?? (await mkdtemp(path.join(tmpdir(), 'mcpgw-e2e-')));
  if (home === undefined) {
    const mcpServers = Object.fromEntries(
      Object.entries(servers).map(([k, v]) => [k, typeof v === 'function' ? v(dir) : v]),
    );
    // Short backoff and stop grace keep the suite quick; the state machine is the same.
    const supervisor = { backoffInitialMs: 400, backoffMaxMs: 2000, stopGraceMs: 500, ...gateway.supervisor };
    await writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ gateway: { ...gateway, supervisor }, mcpServers }, null, 2),
    );
  }
  const [{ createEngine }, { createLogger }] = await Promise.all([
    import(pathToFileURL(path.join(ROOT, 'dist/src-main/engine/engine.js')).href),
    import(pathToFileURL(path.join(ROOT, 'dist/src-main/engine/telemetry/logger.js')).href),
  ]);
  let output = '';
  const logger = createLogger({ level: 'info', format: 'pretty', write: (line) => (output += `${line}\n`) });
  const engine = await createEngine({
    paths: { configFile: path.join(dir, 'config.json'), dataDir: path.join(dir, 'data') },
    port,
    logger,
    // `env` can move HOME to a fake one, so client detection reads test files, not this machine's.
    env: { ...process.env, ...env },
  });
  const { url, token } = engine;
  let closed = false;

  /** Call the control API directly, as a second witness to what the screen shows. */
  async function api(method, route, body) {
    const res = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      throw new Error(`${method} ${route} → ${res.status} ${text}`);
    }
    return json;
  }

  async function stop() {
    if (!closed) {
      closed = true;
      await engine.close();
    }
  }

  return {
    home: dir,
    url,
    port: engine.port,
    token,
    engine,
    api,
    output: () => output,
    stop,
    /** Stop, then start again in the same folder on the same port (the page must reconnect by itself). */
    async restart() {
      await stop();
      return startGateway({ home: dir, port: engine.port, env });
    },
    async dispose() {
      await stop();
      if (home === undefined) {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export async function launchBrowser() {
  const { executablePath, args, source } = await findChromium();
  console.log(`e2e: Chromium from ${source} (${executablePath})`);
  return chromium.launch({ executablePath, args });
}

/** A page opened the way a person opens the dashboard: the link the gateway prints. */
export async function openDashboard(
  browser,
  gw,
  {
    viewport = { width: 1200, height: 800 },
    colorScheme = 'light',
    route = '',
    withToken = true,
    initScript,
  } = {},
) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
  if (initScript !== undefined) {
    await context.addInitScript(initScript.fn, initScript.arg);
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(20_000);
  await page.goto(`${gw.url}/ui/${withToken ? `#token=${gw.token}` : ''}`);
  if (route) {
    await page.evaluate((r) => (globalThis.location.hash = r), route);
  }
  return { page, context, errors };
}
