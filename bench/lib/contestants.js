// The contestants: how to start each one bound to 127.0.0.1 in front of the benchmark backend(s),
// and how to reach it. Every start() returns an Instance:
//   { url, transport: 'stdio'|'streamable'|'sse', pid, spawnedAt, stop(), log(), isBackend(cmdline) }
// `pid` is the gateway's root process (undefined for the direct connection, which has none).
// A contestant with `sections` takes part only in those sections of the run (default: all).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { spawnGroup } from './proc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
export const FIXTURE = path.join(ROOT, 'bench', 'fixtures', 'echo-server.mjs');
const CANNED = path.join(ROOT, 'bench', 'fixtures', 'canned-http.mjs');
const RELAY = path.join(ROOT, 'bench', 'fixtures', 'relay-http.mjs');
const GUARD = path.join(here, 'loopback-guard.mjs');
const NODE = process.execPath;

/** A backend is any process started from the benchmark fixture (or a shell wrapping it). */
export const isBackend = (cmdline) => cmdline.some((a) => a.includes('echo-server.mjs'));

export function fixtureArgs(tools) {
  return tools > 0 ? [FIXTURE, '--tools', String(tools)] : [FIXTURE];
}

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** A free loopback port: bind :0, read the port, release it (for gateways that need a number). */
async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Environment for the peers: no proxies leaking in, no outbound curl fallback, HOME in a temp dir. */
function peerEnv(tmp) {
  const env = { PATH: process.env.PATH, HOME: tmp, LANG: 'C.UTF-8' };
  env.XDG_DATA_HOME = path.join(tmp, 'xdg-data');
  env.XDG_STATE_HOME = path.join(tmp, 'xdg-state');
  env.XDG_CONFIG_HOME = path.join(tmp, 'xdg-config');
  env.XDG_CACHE_HOME = path.join(tmp, 'xdg-cache');
  // Anything that shells out to curl/wget would go to a closed loopback port.
  env.http_proxy = env.https_proxy = env.HTTP_PROXY = env.HTTPS_PROXY = 'http://127.0.0.1:9';
  env.NO_UPDATE_NOTIFIER = '1';
  return env;
}

/** `servers` is a list of { name, tools } (tools = generated tool count for that backend). */
function singleServer(servers, who) {
  if (servers.length !== 1) {
    throw new Error(`${who} fronts exactly one stdio server`);
  }
  return servers[0];
}

const direct = {
  id: 'direct',
  label: 'direct stdio (no gateway)',
  version: () => `@modelcontextprotocol/sdk ${pkgVersion('@modelcontextprotocol/sdk')} stdio`,
  maxServers: 1,
  async start({ servers }) {
    const s = singleServer(servers, 'the direct connection');
    return {
      transport: 'stdio',
      command: NODE,
      args: fixtureArgs(s.tools),
      pid: undefined,
      spawnedAt: performance.now(),
      async stop() {},
      log: () => '',
      isBackend,
    };
  },
};

// The client floor: not a gateway and not a peer. A Streamable HTTP server that answers from
// memory, in a process of its own (so its CPU is not the load client's). What a load client
// reaches against it is that client's own limit; no gateway can be answered faster through it.
const floor = {
  id: 'floor',
  label: 'client floor: canned answers (no gateway, no backend)',
  version: () => `bench/fixtures/canned-http.mjs on node:http, Node ${process.versions.node}`,
  maxServers: 1,
  // Only the sections where a load client's limit matters; it has no start-up or memory to compare.
  sections: ['sdk', 'raw', 'list'],
  async start({ servers, tmp }) {
    const s = singleServer(servers, 'the client floor');
    const spawnedAt = performance.now();
    const proc = spawnGroup(NODE, [CANNED, ...(s.tools > 0 ? ['--tools', String(s.tools)] : [])], {
      env: peerEnv(tmp),
      cwd: tmp,
      label: 'canned-http',
    });
    // It prints its URL on stdout once it listens (port 0: the system picks a free port).
    let url;
    for (let i = 0; i < 3000 && url === undefined; i += 1) {
      url = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(proc.log())?.[1];
      if (url === undefined) {
        if (proc.child.exitCode !== null) {
          throw new Error(`canned-http exited with code ${proc.child.exitCode}:\n${proc.log()}`);
        }
        await sleep(5);
      }
    }
    if (url === undefined) {
      await proc.stop();
      throw new Error(`canned-http did not print its URL within 15 s:\n${proc.log()}`);
    }
    return {
      transport: 'streamable',
      url,
      pid: proc.pid,
      spawnedAt,
      stop: proc.stop,
      log: proc.log,
      isBackend,
    };
  },
};

/** Starts a bench fixture that prints `<name> listening on <url>` once it accepts connections. */
async function startFixture(file, args, { tmp, label }) {
  const spawnedAt = performance.now();
  const proc = spawnGroup(NODE, [file, ...args], { env: peerEnv(tmp), cwd: tmp, label });
  let url;
  for (let i = 0; i < 3000 && url === undefined; i += 1) {
    url = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(proc.log())?.[1];
    if (url === undefined) {
      if (proc.child.exitCode !== null) {
        throw new Error(`${label} exited with code ${proc.child.exitCode}:\n${proc.log()}`);
      }
      await sleep(5);
    }
  }
  if (url === undefined) {
    await proc.stop();
    throw new Error(`${label} did not print its URL within 15 s:\n${proc.log()}`);
  }
  return {
    transport: 'streamable',
    url,
    pid: proc.pid,
    spawnedAt,
    stop: proc.stop,
    log: proc.log,
    isBackend,
  };
}

const relay = {
  id: 'relay',
  label: 'relay floor: bare node:http relay to the same stdio server',
  version: () => `bench/fixtures/relay-http.mjs on node:http, Node ${process.versions.node}`,
  maxServers: 1,
  // What relaying costs under each load client; it has no start-up or list handling to compare.
  sections: ['sdk', 'raw'],
  async start({ servers, tmp }) {
    const s = singleServer(servers, 'the relay floor');
    if (s.tools > 0) {
      throw new Error('the relay floor fronts the one-tool fixture only');
    }
    return startFixture(RELAY, ['--batch'], { tmp, label: 'relay-http' });
  },
};

const ours = {
  id: 'ours',
  label: 'mcp-gateway (this project)',
  version: () => {
    let v = 'unknown';
    try {
      v = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
      const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).trim();
      // tsc -b rewrites only changed outputs: its build-info file tells when it last ran.
      const built = statSync(path.join(ROOT, 'dist', '.tsbuild', 'node.tsbuildinfo')).mtime.toISOString();
      v += ` (commit ${sha}, dist built ${built.slice(0, 16).replace('T', ' ')} UTC)`;
    } catch {
      // Not a git checkout or not built: the package version alone.
    }
    return v;
  },
  maxServers: Infinity,
  /** A warning when compiled files are older than their sources (the figures would be stale). */
  staleBuild() {
    const newer = [];
    for (const dir of ['src-main', 'src-shared']) {
      let files = [];
      try {
        files = readdirSync(path.join(ROOT, dir), { recursive: true }).map(String);
      } catch {
        continue;
      }
      for (const f of files) {
        if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f.endsWith('.d.ts') || f.includes('desktop')) {
          continue;
        }
        const src = path.join(ROOT, dir, f);
        const out = path.join(ROOT, 'dist', dir, f.replace(/\.ts$/, '.js'));
        try {
          if (statSync(src).mtimeMs > statSync(out).mtimeMs) {
            newer.push(path.join(dir, f));
          }
        } catch {
          newer.push(path.join(dir, f)); // not compiled at all
        }
      }
    }
    if (newer.length > 0) {
      return `${newer.length} source file(s) are newer than their compiled output (e.g. ${newer.slice(0, 3).join(', ')}): run \`npm run build\` for current figures`;
    }
    // bin/mcp-gateway.js runs the bundle only while it is at least as new as the last compile.
    const mtime = (p) => {
      try {
        return statSync(path.join(ROOT, p)).mtimeMs;
      } catch {
        return undefined;
      }
    };
    const bundled = mtime('dist/bundle/mcp-gateway.js');
    const compiled = mtime('dist/.tsbuild/node.tsbuildinfo');
    return bundled === undefined || (compiled !== undefined && bundled < compiled)
      ? 'dist/bundle is missing or older than the last compile, so the gateway runs unbundled (slower start): run `npm run build` for current figures'
      : undefined;
  },
  available() {
    try {
      readFileSync(path.join(ROOT, 'dist', 'src-main', 'cli', 'main.js'));
      readFileSync(path.join(ROOT, 'dist', 'src-main', 'engine', 'engine.js'));
      return true;
    } catch {
      return 'not built: run `npm run build` first (dist/src-main/engine/engine.js is missing)';
    }
  },
  async start({ servers, tmp, nodeArgs = [] }) {
    const home = path.join(tmp, 'gw-home');
    mkdirSync(home, { recursive: true });
    const mcpServers = {};
    for (const s of servers) {
      mcpServers[s.name] = { command: NODE, args: fixtureArgs(s.tools) };
    }
    const configFile = path.join(home, 'config.json');
    // MCPGW_BENCH_CLIENT_AUTH=off runs the gateway with `clientAuth: "off"` and sends no token: the
    // B side of an A/B of the per-request token check (the A side is the default, required).
    const authOff = process.env.MCPGW_BENCH_CLIENT_AUTH === 'off';
    writeFileSync(
      configFile,
      JSON.stringify({ ...(authOff ? { gateway: { clientAuth: 'off' } } : {}), mcpServers }, null, 2),
    );
    // Client tokens are required (the default): the bench client gets one before the gateway
    // starts, the way `clients connect` issues one when no gateway runs, so it costs no start-up time.
    const { issueOffline } = await import(
      pathToFileURL(path.join(ROOT, 'dist', 'src-main', 'engine', 'identity', 'token-store.js')).href
    );
    const clientToken = authOff
      ? undefined
      : await issueOffline(path.join(home, 'data'), 'bench', Date.now());
    const runtimeFile = path.join(home, 'data', 'gateway.json');
    const env = { ...process.env, MCP_GATEWAY_HOME: home };
    delete env.NODE_OPTIONS;
    const spawnedAt = performance.now();
    const proc = spawnGroup(
      NODE,
      [
        ...nodeArgs,
        path.join(ROOT, 'bin', 'mcp-gateway.js'),
        'serve',
        '--config',
        configFile,
        '--port',
        '0',
        '--log-level',
        'warn',
      ],
      { env, cwd: ROOT, label: 'mcp-gateway' },
    );
    let url;
    // The gateway writes its URL into <home>/data/gateway.json once it listens.
    for (let i = 0; i < 3000 && url === undefined; i += 1) {
      if (proc.child.exitCode !== null) {
        throw new Error(`mcp-gateway exited with code ${proc.child.exitCode}:\n${proc.log()}`);
      }
      try {
        const info = JSON.parse(readFileSync(runtimeFile, 'utf8'));
        if (info.pid === proc.pid && typeof info.url === 'string') {
          url = info.url.replace(/\/+$/, '');
        }
      } catch {
        await sleep(5);
      }
    }
    if (url === undefined) {
      await proc.stop();
      throw new Error(`mcp-gateway did not write ${runtimeFile} within 15 s:\n${proc.log()}`);
    }
    return {
      transport: 'streamable',
      url: `${url}/mcp`,
      headers: clientToken === undefined ? {} : { authorization: `Bearer ${clientToken}` },
      pid: proc.pid,
      spawnedAt,
      stop: proc.stop,
      log: proc.log,
      isBackend,
    };
  },
};

const mcpProxy = {
  id: 'mcp-proxy',
  label: 'mcp-proxy',
  version: () => pkgVersion('mcp-proxy'),
  maxServers: 1,
  async start({ servers, tmp, nodeArgs = [] }) {
    const s = singleServer(servers, 'mcp-proxy');
    const port = await freePort();
    const bin = path.join(ROOT, 'node_modules', 'mcp-proxy', 'dist', 'bin', 'mcp-proxy.mjs');
    const spawnedAt = performance.now();
    const proc = spawnGroup(
      NODE,
      [
        ...nodeArgs,
        '--import',
        GUARD,
        bin,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--server',
        'stream',
        '--',
        NODE,
        ...fixtureArgs(s.tools),
      ],
      { env: peerEnv(tmp), cwd: tmp, label: 'mcp-proxy' },
    );
    return {
      transport: 'streamable',
      url: `http://127.0.0.1:${port}/mcp`,
      pid: proc.pid,
      spawnedAt,
      stop: proc.stop,
      log: proc.log,
      isBackend,
    };
  },
};

const supergateway = {
  id: 'supergateway',
  label: 'supergateway',
  version: () => pkgVersion('supergateway'),
  maxServers: 1,
  async start({ servers, tmp, nodeArgs = [] }) {
    const s = singleServer(servers, 'supergateway');
    const port = await freePort();
    const bin = path.join(ROOT, 'node_modules', 'supergateway', 'dist', 'index.js');
    const cmd = [NODE, ...fixtureArgs(s.tools)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const spawnedAt = performance.now();
    // supergateway has no listen-address option (it listens on every interface): the preloaded
    // guard binds it to 127.0.0.1. Stateful mode keeps one backend per MCP session.
    const proc = spawnGroup(
      NODE,
      [
        ...nodeArgs,
        '--import',
        GUARD,
        bin,
        '--stdio',
        cmd,
        '--outputTransport',
        'streamableHttp',
        '--stateful',
        '--port',
        String(port),
        '--logLevel',
        'none',
      ],
      { env: peerEnv(tmp), cwd: tmp, label: 'supergateway' },
    );
    return {
      transport: 'streamable',
      url: `http://127.0.0.1:${port}/mcp`,
      pid: proc.pid,
      spawnedAt,
      stop: proc.stop,
      log: proc.log,
      isBackend,
    };
  },
};

const mcpHub = {
  id: 'mcp-hub',
  label: 'mcp-hub',
  version: () => pkgVersion('mcp-hub'),
  maxServers: Infinity,
  async start({ servers, tmp, nodeArgs = [] }) {
    const port = await freePort();
    const env = peerEnv(tmp);
    // mcp-hub downloads a marketplace catalogue at start unless its cache is fresh (under an
    // hour old and not empty): seed the cache so it never goes to the network.
    const cacheDir = path.join(env.XDG_DATA_HOME, 'mcp-hub', 'cache');
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(
      path.join(cacheDir, 'registry.json'),
      JSON.stringify({
        registry: {
          version: 'bench',
          generatedAt: Date.now(),
          totalServers: 1,
          servers: [{ id: 'bench-placeholder', name: 'placeholder', description: 'offline benchmark' }],
        },
        lastFetchedAt: Date.now(),
        serverDocumentation: {},
      }),
    );
    const mcpServers = {};
    for (const s of servers) {
      mcpServers[s.name] = { command: NODE, args: fixtureArgs(s.tools) };
    }
    const configFile = path.join(tmp, 'mcp-hub.json');
    writeFileSync(configFile, JSON.stringify({ mcpServers }, null, 2));
    const bin = path.join(ROOT, 'node_modules', 'mcp-hub', 'dist', 'cli.js');
    const spawnedAt = performance.now();
    // mcp-hub listens on every interface and has no option for it: the guard binds 127.0.0.1.
    const proc = spawnGroup(
      NODE,
      [...nodeArgs, '--import', GUARD, bin, '--port', String(port), '--config', configFile],
      { env, cwd: tmp, label: 'mcp-hub' },
    );
    // mcp-hub 4.x serves MCP over the legacy HTTP+SSE transport only (GET /mcp + POST /messages).
    return {
      transport: 'sse',
      url: `http://127.0.0.1:${port}/mcp`,
      pid: proc.pid,
      spawnedAt,
      stop: proc.stop,
      log: proc.log,
      isBackend,
    };
  },
};

export const CONTESTANTS = [direct, floor, relay, ours, mcpProxy, supergateway, mcpHub];
