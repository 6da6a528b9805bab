#!/usr/bin/env node
/**
 * Real AI clients from npm against a real gateway: Claude Code, Gemini CLI and Codex CLI, pinned
 * in this folder's own package.json (they weigh ~850 MB, so the project's `npm install` does not
 * bring them; this script installs them on first use with `npm ci`).
 *
 * For each client, in a throwaway HOME:
 *   1. "by hand": a client token from `mcp-gateway clients tokens create`, and the client's own
 *      `mcp add` pointing it at the gateway's /mcp URL with that token;
 *   2. "connect": `mcp-gateway clients connect <client>` writes the client's config file (token
 *      included);
 * and each time the client's own `mcp list` must report the gateway as reachable. A control entry
 * pointing at a closed port must NOT be reported reachable, so a client that says "connected"
 * without trying cannot pass; where the client really connects, an entry without a token must be
 * refused too. None of these commands needs an API key.
 *
 * Usage: node test/real-clients/run.js [claude-code|gemini|codex ...]   (needs `npm run build`)
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BIN = path.join(HERE, 'node_modules/.bin');
const GATEWAY = path.join(ROOT, 'bin/mcp-gateway.js');
const MEMORY_SERVER = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const COMMAND_TIMEOUT_MS = 120_000;

if (!existsSync(path.join(ROOT, 'dist/src-main/cli/main.js'))) {
  console.error('real clients: build first (npm run build)');
  process.exit(2);
}

/** Install the pinned clients when they are missing or the lock file changed since. */
async function install() {
  const stamp = path.join(HERE, 'node_modules/.installed-lock');
  const lock = readFileSync(path.join(HERE, 'package-lock.json'), 'utf8');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) {
    return;
  }
  console.log('real clients: installing the pinned clients (npm ci, ~850 MB, once)');
  await run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: HERE,
    timeout: 15 * 60_000,
    maxBuffer: 64 << 20,
  });
  writeFileSync(stamp, lock);
}

/** A port that nothing listens on: bound, then closed. */
async function closedPort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startGateway(home) {
  writeFileSync(
    path.join(home, 'config.json'),
    JSON.stringify({ mcpServers: { memory: { command: process.execPath, args: [MEMORY_SERVER] } } }, null, 2),
  );
  const child = spawn(process.execPath, [GATEWAY, 'serve', '--port', '0'], {
    env: { ...process.env, MCP_GATEWAY_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const runtime = path.join(home, 'data/gateway.json');
  for (let i = 0; i < 300; i++) {
    if (existsSync(runtime)) {
      const info = JSON.parse(readFileSync(runtime, 'utf8'));
      return { child, url: `${info.url}/mcp`, output: () => output };
    }
    if (child.exitCode !== null) {
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the gateway did not start:\n${output}`);
}

/** A new client token from the gateway's CLI (what a person does for a client it cannot configure). */
async function createToken(gatewayHome, name) {
  const { stdout } = await run(process.execPath, [GATEWAY, 'clients', 'tokens', 'create', name, '--json'], {
    env: { ...process.env, MCP_GATEWAY_HOME: gatewayHome },
    timeout: COMMAND_TIMEOUT_MS,
  });
  return JSON.parse(stdout).token;
}

/** Whether the gateway accepts an MCP initialize with these headers (what the client would send). */
async function accepts(url, headers) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'real-clients-check', version: '1' },
      },
    }),
  }).catch(() => undefined);
  await res?.body?.cancel();
  return res?.status === 200;
}

const TOKEN_ENV = 'MCPGW_REAL_CLIENT_TOKEN';

/** Run a client command with HOME set to the test's home; returns stdout + stderr. */
async function client(home, cwd, bin, args, extraEnv = {}) {
  const env = { ...process.env, HOME: home, USERPROFILE: home, NO_COLOR: '1', CI: '1', ...extraEnv };
  // Keep the clients away from any real account or key on this machine.
  for (const k of [
    'ANTHROPIC_API_KEY',
    'OPENAI_API_KEY',
    'GEMINI_API_KEY',
    'GOOGLE_API_KEY',
    'XDG_CONFIG_HOME',
  ]) {
    delete env[k];
  }
  try {
    const { stdout, stderr } = await run(path.join(BIN, bin), args, {
      cwd,
      env,
      timeout: COMMAND_TIMEOUT_MS,
      maxBuffer: 16 << 20,
    });
    return `${stdout}\n${stderr}`;
  } catch (err) {
    // `mcp list` may exit non-zero when one entry is unreachable (the control entry): keep its output.
    return `${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`;
  }
}

/**
 * How each client adds a URL by hand (with a bearer token, or none for the control entries), and
 * how its `mcp list` says an entry is reachable. Claude Code and Gemini CLI connect. Codex's
 * `mcp list` does not: it probes a URL without a token for OAuth metadata ("unsupported" once a
 * server answered without OAuth, "unknown" when nothing answered) and reports "bearer_token" for an
 * entry with a token; there the header Codex parsed from its config is sent to the gateway here.
 */
const CLIENTS = {
  'claude-code': {
    bin: 'claude',
    add: (name, url, token) => [
      'mcp',
      'add',
      '--transport',
      'http',
      name,
      url,
      ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
    ],
    list: ['mcp', 'list'],
    connects: true,
    reachable: async (out, name) => lineOf(out, `${name}:`)?.includes('✔ Connected') === true,
    prepare: (home) => writeFileSync(path.join(home, '.claude.json'), '{}\n'),
  },
  gemini: {
    bin: 'gemini',
    add: (name, url, token) => [
      'mcp',
      'add',
      '--scope',
      'user',
      '--transport',
      'http',
      name,
      url,
      ...(token ? ['-H', `Authorization: Bearer ${token}`] : []),
    ],
    list: ['mcp', 'list'],
    connects: true,
    reachable: async (out, name) => {
      const line = lineOf(out, ` ${name}:`);
      return line !== undefined && line.includes('Connected') && !line.includes('Disconnected');
    },
    prepare: (home, cwd) => {
      mkdirSync(path.join(home, '.gemini'), { recursive: true });
      writeFileSync(path.join(home, '.gemini/settings.json'), '{}\n');
      // Gemini CLI ignores MCP servers in a folder it does not trust.
      writeFileSync(
        path.join(home, '.gemini/trustedFolders.json'),
        JSON.stringify({ [cwd]: 'TRUST_FOLDER' }),
      );
    },
  },
  codex: {
    bin: 'codex',
    add: (name, url, token) => [
      'mcp',
      'add',
      name,
      '--url',
      url,
      ...(token ? ['--bearer-token-env-var', TOKEN_ENV] : []),
    ],
    list: ['mcp', 'list', '--json'],
    connects: false,
    reachable: async (out, name, env) => {
      const start = out.indexOf('[');
      const entries = start >= 0 ? JSON.parse(out.slice(start, out.lastIndexOf(']') + 1)) : [];
      const e = entries.find((x) => x.name === name);
      if (e?.auth_status === 'unsupported') {
        return true;
      }
      if (e?.auth_status !== 'bearer_token') {
        return false;
      }
      const t = e.transport;
      const headers = { ...(t.http_headers ?? {}) };
      if (t.bearer_token_env_var) {
        headers.authorization = `Bearer ${env[t.bearer_token_env_var] ?? ''}`;
      }
      return accepts(t.url, headers);
    },
    prepare: (home) => {
      mkdirSync(path.join(home, '.codex'), { recursive: true });
      writeFileSync(path.join(home, '.codex/config.toml'), '');
    },
  },
};

function lineOf(out, needle) {
  return out.split('\n').find((l) => l.includes(needle));
}

async function checkClient(id, spec, gatewayUrl, gatewayHome, deadUrl) {
  const results = [];
  for (const mode of ['by hand', 'connect']) {
    const home = mkdtempSync(path.join(os.tmpdir(), `mcpgw-rc-${id}-`));
    const cwd = path.join(home, 'project');
    mkdirSync(cwd);
    const env = {};
    try {
      spec.prepare(home, cwd);
      let name;
      if (mode === 'by hand') {
        name = 'gateway';
        env[TOKEN_ENV] = await createToken(gatewayHome, `real-clients ${id}`);
        await client(home, cwd, spec.bin, spec.add(name, gatewayUrl, env[TOKEN_ENV]), env);
        if (spec.connects) {
          // The same URL without a token: the gateway must refuse it, and the client must say so.
          await client(home, cwd, spec.bin, spec.add('control-no-token', gatewayUrl));
        }
      } else {
        name = 'mcp-gateway';
        const { stdout } = await run(process.execPath, [GATEWAY, 'clients', 'connect', id], {
          env: { ...process.env, HOME: home, USERPROFILE: home, MCP_GATEWAY_HOME: gatewayHome },
          timeout: COMMAND_TIMEOUT_MS,
        });
        if (!stdout.includes('updated')) {
          throw new Error(`clients connect ${id} wrote nothing:\n${stdout}`);
        }
      }
      // The control entry: a closed port must not be reported reachable.
      await client(home, cwd, spec.bin, spec.add('control-closed', deadUrl));
      const out = await client(home, cwd, spec.bin, spec.list, env);
      const problems = [];
      if (!(await spec.reachable(out, name, env))) {
        problems.push(`"${name}" not reported reachable:\n${out.trim().slice(0, 800)}`);
      }
      if (await spec.reachable(out, 'control-closed', env)) {
        problems.push('the closed-port control entry was reported reachable');
      }
      if (mode === 'by hand' && spec.connects && (await spec.reachable(out, 'control-no-token', env))) {
        problems.push('an entry without a token was reported connected');
      }
      results.push({ client: id, mode, ok: problems.length === 0, detail: problems.join('; ') });
    } catch (err) {
      results.push({ client: id, mode, ok: false, detail: String(err.message ?? err).slice(0, 800) });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  return results;
}

async function main() {
  const wanted = process.argv.slice(2);
  const ids = wanted.length > 0 ? wanted : Object.keys(CLIENTS);
  for (const id of ids) {
    if (!(id in CLIENTS)) {
      console.error(`real clients: unknown client "${id}" (known: ${Object.keys(CLIENTS).join(', ')})`);
      process.exit(2);
    }
  }
  await install();
  const gatewayHome = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-rc-gateway-'));
  const gw = await startGateway(gatewayHome);
  const deadUrl = `http://127.0.0.1:${await closedPort()}/mcp`;
  let failed = 0;
  try {
    console.log(`real clients: gateway at ${gw.url}`);
    for (const id of ids) {
      for (const r of await checkClient(id, CLIENTS[id], gw.url, gatewayHome, deadUrl)) {
        console.log(
          `${r.ok ? 'ok  ' : 'FAIL'} ${r.client.padEnd(12)} ${r.mode.padEnd(8)} ${r.ok ? '' : r.detail}`,
        );
        failed += r.ok ? 0 : 1;
      }
    }
  } finally {
    gw.child.kill('SIGTERM');
    await new Promise((r) => (gw.child.exitCode !== null ? r() : gw.child.once('exit', r)));
    rmSync(gatewayHome, { recursive: true, force: true });
  }
  const total = ids.length * 2;
  console.log(`${total - failed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

await main();
