#!/usr/bin/env node
// Sleeping servers, measured side by side in one run (Linux; needs `npx tsc -b` for bin/):
//
//   memory   whole-process-tree PSS of `mcp-gateway serve` with 20 real npm servers, all awake
//            vs after every server has gone to sleep
//   startup  time from spawning `mcp-gateway serve` to the first complete tools/list with 50
//            servers, with a list cache vs without one, with and without the answers the last
//            run gave the same client (the start-up answers), next to the floor (the same gateway
//            with no server answering its first, empty list); measured with a raw HTTP client (the
//            gateway's own time) and with the SDK client (which adds its own parsing and schema
//            checks of every tool), plus the gateway's CPU time until that list
//   wake     the first call to a sleeping server through the gateway vs that server's own cold
//            start (spawn + initialize + the same call, straight from an SDK client)
//
//   node bench/sleep.mjs [--sections=memory,startup,wake] [--rounds=N] [--cold-rounds=N] [--no-docs]
//   (--rounds: cached and floor starts per client, default 5; --cold-rounds: starts without a
//   cache, default 2, ~20 s each)
//
// Prints a Markdown section and, when every section ran, writes it into docs/BENCHMARKS.md
// ("Sleeping servers"). Every loop is bounded; only 127.0.0.1 is used; every process started
// here is stopped by its group.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { replaceDocsSection } from './lib/docs.js';
import { machineInfo } from './lib/machine.js';
import { descendantsOf, spawnGroup } from './lib/proc.js';
import { rawHttpSession } from './lib/raw.js';
import { searchServers } from './search/capture.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/mcp-gateway.js');
const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SECTIONS = new Set((option('sections') ?? 'memory,startup,wake').split(','));
const log = (msg) => process.stderr.write(`[sleep-bench] ${msg}\n`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The real servers, as gateway config entries; `count` cycles through them with numbered names. */
function realServers(count, dir) {
  const base = searchServers().servers;
  const out = {};
  for (let i = 0; i < count; i += 1) {
    const s = base[i % base.length];
    const name = i < base.length ? s.name : `${s.name}-${Math.floor(i / base.length) + 1}`;
    out[name] = { command: process.execPath, args: s.args, cwd: dir, env: { HOME: dir, ...(s.env ?? {}) } };
  }
  return out;
}

/** A gateway home: config + data folder; `serve` runs it in its own process group. */
async function gatewayHome(servers, gateway = {}) {
  const home = mkdtempSync(path.join(tmpdir(), 'sleep-bench-'));
  const port = await freePort();
  writeFileSync(
    path.join(home, 'config.json'),
    JSON.stringify(
      {
        gateway: { port, clientAuth: 'off', supervisor: { pingIntervalMs: 600_000 }, ...gateway },
        mcpServers: servers,
      },
      null,
      2,
    ),
  );
  return { home, port, url: `http://127.0.0.1:${port}` };
}

function serve(h) {
  return spawnGroup(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, MCP_GATEWAY_HOME: h.home, MCP_GATEWAY_URL: '', MCP_GATEWAY_TOKEN: '' },
    cwd: h.home,
    label: 'gateway',
  });
}

const token = (h) => readFileSync(path.join(h.home, 'data', 'admin-token'), 'utf8').trim();

async function api(h, method, route) {
  const res = await fetch(`${h.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token(h)}` },
  });
  if (!res.ok) {
    throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

async function waitFor(what, check, maxMs, intervalMs = 20) {
  const end = performance.now() + maxMs;
  while (performance.now() < end) {
    try {
      const v = await check();
      if (v) {
        return v;
      }
    } catch {
      // Not up yet.
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function mcpClient(url) {
  const client = new Client({ name: 'sleep-bench', version: '1.0.0' }, { capabilities: {} });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`));
  await client.connect(transport, { timeout: 30_000 });
  return { client, close: () => client.close().catch(() => {}) };
}

/** PSS (MiB) of a process tree, from smaps_rollup. */
function pssMiB(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone meanwhile.
    }
  }
  return kb / 1024;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

// ------------------------------------------------------------------ memory

async function memorySection() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sleep-bench-srv-'));
  const servers = realServers(20, dir);
  const names = Object.keys(servers);
  const h = await gatewayHome(servers);
  const gw = serve(h);
  try {
    await waitFor(
      'all 20 servers running',
      async () => (await api(h, 'GET', '/servers')).servers.every((s) => s.state === 'running'),
      180_000,
    );
    await sleep(15_000); // let start-up garbage settle and the gateway trim its idle heap
    const tree = () => [gw.pid, ...descendantsOf(gw.pid)];
    const awakeProcs = tree().length;
    const awake = pssMiB(tree());
    const gatewayAwake = pssMiB([gw.pid]);
    const list = (await api(h, 'GET', '/servers')).servers;
    const measured = list.reduce((n, s) => n + (s.footprintBytes ?? 0), 0) / 2 ** 20;
    for (const name of names) {
      await api(h, 'POST', `/servers/${name}/sleep`);
    }
    await waitFor('every child gone', () => tree().length === 1, 30_000).catch(() => undefined);
    await sleep(10_000); // the gateway's idle trimmer runs a few quiet seconds after activity
    const asleep = pssMiB(tree());
    const after = (await api(h, 'GET', '/servers')).servers;
    const saved =
      after.reduce((n, s) => n + (s.state === 'sleeping' ? (s.footprintBytes ?? 0) : 0), 0) / 2 ** 20;
    return {
      servers: names.length,
      awake,
      gatewayAwake,
      awakeProcs,
      asleep,
      asleepProcs: tree().length,
      sleeping: after.filter((s) => s.state === 'sleeping').length,
      measured,
      saved,
    };
  } finally {
    await gw.stop();
    rmSync(h.home, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ startup

/** CPU time (user + system, ms) a process has used so far, from /proc. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

/** A client that connects and lists tools: the SDK's, or raw JSON-RPC over HTTP. */
const CLIENTS = {
  async sdk(url) {
    const c = await mcpClient(url);
    return {
      list: async () => (await c.client.listTools({}, { timeout: 60_000 })).tools.length,
      close: c.close,
    };
  },
  async raw(url) {
    const c = await rawHttpSession(`${url}/mcp`);
    return {
      list: async () => {
        const m = await c.request('tools/list', {});
        if (!m.result) {
          throw new Error(`tools/list failed: ${JSON.stringify(m.error)}`);
        }
        return m.result.tools.length;
      },
      close: () => c.close(),
    };
  },
};

/**
 * Spawn `serve`, connect (retrying every 5 ms until it listens), then list tools until the list
 * is complete; ms from spawn to that list, and the gateway's CPU time by then.
 */
async function timeToFullList(h, expected, kind) {
  const t0 = performance.now();
  const gw = serve(h);
  let client;
  try {
    client = await waitFor('the MCP endpoint', () => CLIENTS[kind](h.url), 120_000, 5);
    for (let i = 0; i < 2_000; i += 1) {
      if ((await client.list()) >= expected) {
        const ms = performance.now() - t0;
        return { ms, cpu: cpuMs(gw.pid), spawned: descendantsOf(gw.pid).length };
      }
      await sleep(20);
    }
    throw new Error('the tool list never became complete');
  } finally {
    await client?.close();
    await gw.stop();
  }
}

async function startupSection() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sleep-bench-srv-'));
  const servers = realServers(50, dir);
  const h = await gatewayHome(servers);
  const empty = await gatewayHome({});
  const rounds = Number(option('rounds') ?? 5);
  const coldRounds = Number(option('cold-rounds') ?? 2);
  try {
    // First run: no cache. Its complete list tells how many tools "complete" is.
    const gw = serve(h);
    let expected;
    try {
      await waitFor(
        'all 50 servers running',
        async () => (await api(h, 'GET', '/servers')).servers.every((s) => s.state === 'running'),
        300_000,
      );
      expected = (await api(h, 'GET', '/tools')).tools.filter((t) => t.visible).length;
      // Every server's lists are saved once it has listed them (a server still listing at the
      // stop would have no cache and start at the next launch).
      await waitFor(
        'every server cached',
        () => readdirSync(path.join(h.home, 'data', 'list-cache')).length === Object.keys(servers).length,
        60_000,
      );
    } finally {
      await gw.stop();
    }
    log(`50 servers list ${expected} tools`);
    const cold = [];
    for (let round = 0; round < coldRounds; round += 1) {
      rmSync(path.join(h.home, 'data', 'list-cache'), { recursive: true, force: true });
      cold.push(await timeToFullList(h, expected, 'sdk'));
      log(`without cache, round ${round + 1}: ${fmt(cold.at(-1).ms)} ms`);
    }
    if (coldRounds === 0) {
      // The first run above wrote the cache.
      log('without cache: skipped (--cold-rounds=0)');
    }
    // One uncounted start of each: the bundle's code cache is written by a real start, and the
    // answers a start gives each client before it has loaded are those the last run gave it.
    await timeToFullList(empty, 0, 'raw');
    for (const kind of ['raw', 'sdk']) {
      await timeToFullList(h, expected, kind);
    }
    const answersDir = path.join(h.home, 'data', 'start-answers');
    const keptAnswers = readdirSync(answersDir).map((n) => [n, readFileSync(path.join(answersDir, n))]);
    // Floor and cached starts interleaved, so a change in the machine's load hits both alike. A
    // cached start without the kept answers shows what they save.
    const runs = {
      raw: { floor: [], cached: [], unanswered: [] },
      sdk: { floor: [], cached: [], unanswered: [] },
    };
    for (let round = 0; round < rounds; round += 1) {
      for (const kind of ['raw', 'sdk']) {
        // The floor is the engine's own start: no answers kept for it.
        rmSync(path.join(empty.home, 'data', 'start-answers'), { recursive: true, force: true });
        runs[kind].floor.push(await timeToFullList(empty, 0, kind));
        runs[kind].cached.push(await timeToFullList(h, expected, kind));
        rmSync(answersDir, { recursive: true, force: true });
        runs[kind].unanswered.push(await timeToFullList(h, expected, kind));
        // Put back as they were (the start without them kept its own, the same).
        rmSync(answersDir, { recursive: true, force: true });
        mkdirSync(answersDir, { recursive: true });
        for (const [n, bytes] of keptAnswers) {
          writeFileSync(path.join(answersDir, n), bytes);
        }
        log(
          `${kind} round ${round + 1}: floor ${fmt(runs[kind].floor.at(-1).ms)} ms, 50 cached ${fmt(runs[kind].cached.at(-1).ms)} ms, without kept answers ${fmt(runs[kind].unanswered.at(-1).ms)} ms`,
        );
      }
    }
    const summary = (xs) => ({
      ms: median(xs.map((r) => r.ms)),
      cpu: median(xs.map((r) => r.cpu)),
      spawned: Math.max(...xs.map((r) => r.spawned)),
    });
    return {
      servers: 50,
      tools: expected,
      cold: coldRounds > 0 ? summary(cold) : undefined,
      coldRounds,
      raw: {
        floor: summary(runs.raw.floor),
        cached: summary(runs.raw.cached),
        unanswered: summary(runs.raw.unanswered),
      },
      sdk: {
        floor: summary(runs.sdk.floor),
        cached: summary(runs.sdk.cached),
        unanswered: summary(runs.sdk.unanswered),
      },
      rounds,
    };
  } finally {
    rmSync(h.home, { recursive: true, force: true });
    rmSync(empty.home, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ wake

async function directColdCall(server) {
  const t0 = performance.now();
  const client = new Client({ name: 'sleep-bench', version: '1.0.0' }, { capabilities: {} });
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    cwd: server.cwd,
    env: { PATH: process.env.PATH, ...server.env },
    stderr: 'ignore',
  });
  await client.connect(transport, { timeout: 60_000 });
  await client.callTool({ name: 'read_graph', arguments: {} });
  const ms = performance.now() - t0;
  await client.close();
  return ms;
}

async function wakeSection() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sleep-bench-srv-'));
  const server = realServers(2, dir).memory;
  const h = await gatewayHome({ memory: server });
  const gw = serve(h);
  let client;
  try {
    await waitFor(
      'memory running',
      async () => (await api(h, 'GET', '/servers/memory')).state === 'running',
      60_000,
    );
    client = await mcpClient(h.url);
    await client.client.listTools();
    const direct = [];
    const viaGateway = [];
    for (let round = 0; round < 7; round += 1) {
      await api(h, 'POST', '/servers/memory/sleep');
      await sleep(300);
      const t0 = performance.now();
      await client.client.callTool({ name: 'memory__read_graph', arguments: {} });
      viaGateway.push(performance.now() - t0);
      direct.push(await directColdCall(server));
    }
    const extra = median(viaGateway) - median(direct);
    return { rounds: direct.length, direct: median(direct), viaGateway: median(viaGateway), extra };
  } finally {
    await client?.close();
    await gw.stop();
    rmSync(h.home, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ report

function render(results, machine) {
  const lines = [
    '## Sleeping servers',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/sleep.mjs\` on ${machine}. Real servers from npm (the`,
    'search corpus: 17 servers, repeated with numbered names to reach 20 and 50).',
    '',
  ];
  const m = results.memory;
  if (m) {
    lines.push(
      '| Idle memory, whole process tree (PSS) | All awake | After sleep | Goal |',
      '|---|---:|---:|---:|',
      `| \`mcp-gateway serve\` + ${m.servers} servers | ${fmt(m.awake)} MiB (${m.awakeProcs} processes; gateway ${fmt(m.gatewayAwake)} MiB) | ${fmt(m.asleep)} MiB (${m.asleepProcs} process, ${m.sleeping} sleeping) | ≤ 150 MiB asleep |`,
      '',
      `The gateway's own measure of the servers' process trees before they slept: ${fmt(m.measured)} MiB, shown as "memory saved" (${fmt(m.saved)} MiB).`,
      '',
    );
  }
  const s = results.startup;
  if (s) {
    const row = (label, r, goal = '') =>
      `| ${label} | ${fmt(r.ms)} ms | ${fmt(r.cpu)} ms | ${r.spawned} | ${goal} |`;
    lines.push(
      `| \`mcp-gateway serve\` → first complete tools/list (${s.tools} tools from ${s.servers} servers), median of ${s.rounds} (without a cache: ${s.coldRounds}) | Time | Gateway CPU | Spawned | Goal |`,
      '|---|---:|---:|---:|---:|',
      ...(s.cold ? [row('without a list cache (every server starts), SDK client', s.cold)] : []),
      row('floor: no servers, empty list (the engine answers), raw HTTP client', s.raw.floor),
      row('with a list cache, answers kept from the last run, raw HTTP client', s.raw.cached, '< 300 ms'),
      row('with a list cache, no kept answers (the engine answers), raw HTTP client', s.raw.unanswered),
      row('floor: no servers, empty list (the engine answers), SDK client', s.sdk.floor),
      row('with a list cache, answers kept from the last run, SDK client', s.sdk.cached),
      row('with a list cache, no kept answers (the engine answers), SDK client', s.sdk.unanswered),
      '',
    );
  }
  const w = results.wake;
  if (w) {
    lines.push(
      `| First call to a sleeping server (memory, \`read_graph\`), median of ${w.rounds} | Time | Goal |`,
      '|---|---:|---:|',
      `| the server's own cold start: spawn + initialize + call, straight from an SDK client | ${fmt(w.direct)} ms | |`,
      `| through the gateway, server asleep (client session already open) | ${fmt(w.viaGateway)} ms | |`,
      `| extra latency of the gateway's wake | ${fmt(w.extra)} ms | < 50 ms |`,
      '',
    );
  }
  return lines.join('\n');
}

if (process.platform !== 'linux') {
  log('this benchmark reads /proc: run it on Linux');
  process.exit(1);
}
readdirSync(path.join(ROOT, 'dist')); // built?
const results = {};
const info = machineInfo();
const machine = `${info.cores} cores (${info.cpuModel}), ${info.memGiB} GiB, Node ${info.node}, load average ${info.loadAvgAtStart.join(' / ')} at the start (a shared machine)`;
if (SECTIONS.has('memory')) {
  log('memory: 20 servers awake, then asleep');
  results.memory = await memorySection();
}
if (SECTIONS.has('startup')) {
  log('startup: 50 servers with and without a list cache');
  results.startup = await startupSection();
}
if (SECTIONS.has('wake')) {
  log('wake: first call to a sleeping server vs its own cold start');
  results.wake = await wakeSection();
}
const section = render(results, machine);
process.stdout.write(`${section}\n`);
if (!args.includes('--no-docs') && ['memory', 'startup', 'wake'].every((x) => SECTIONS.has(x))) {
  replaceDocsSection(path.join(ROOT, 'docs', 'BENCHMARKS.md'), '## Sleeping servers', section);
  log('wrote the "Sleeping servers" section of docs/BENCHMARKS.md');
} else {
  // A partial run would replace the whole section with part of it.
  log('docs/BENCHMARKS.md not written (a partial run or --no-docs): paste what you need');
}
