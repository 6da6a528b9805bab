#!/usr/bin/env node
// Gateway performance benchmark: a direct stdio connection (no gateway), this project's gateway
// and other npm gateways, measured in one run with the same load clients, next to the client
// floor (a server answering from memory: what the load clients reach with no gateway at all). Prints figures, writes
// bench/results/latest.json and the "Gateway performance" section of docs/BENCHMARKS.md.
// It never passes or fails on time.
//
//   npm run bench                  full run (about 6-9 minutes on 2 cores)
//   npm run bench -- --quick       small counts, for trying the harness (about 2 minutes)
//   options: --only=floor,ours,mcp-proxy  --sections=sdk,raw,list,aggregate,cold  --no-docs
//            --calls=N --max-seconds=S
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { CONTESTANTS, ROOT } from './lib/contestants.js';
import { machineInfo } from './lib/machine.js';
import { findEchoTool, listAllTools, sdkCallLoad, waitUsable } from './lib/mcp-client.js';
import { cpuNs, gatewayTree, rssKiB, tcpSockets, timeslices } from './lib/proc.js';
import { autocannonLoad, rawHttpSession, rawStdioLoad } from './lib/raw.js';
import { renderSection, writeDocsSection } from './lib/report.js';
import { median, mergeSamples, percentile, round, summarise } from './lib/stats.js';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

const QUICK = flag('quick');
const SETTINGS = {
  quick: QUICK,
  concurrency: [1, 8, 32],
  calls: Number(option('calls') ?? (QUICK ? 300 : 2000)),
  // 2,000 calls or 6 s per cell, whichever first, keeps a full run under ~10 minutes on 2 cores.
  maxMs: Number(option('max-seconds') ?? (QUICK ? 3 : 6)) * 1000,
  warmupCalls: QUICK ? 50 : 200,
  rounds: QUICK ? 1 : 2,
  listRepeats: QUICK ? 5 : 15,
  coldRuns: QUICK ? 3 : 5,
  idleSettleMs: QUICK ? 2000 : 5000,
  bigTools: 1000,
  aggServers: 50,
  aggToolsPerServer: 40,
  sections: (option('sections') ?? 'sdk,raw,list,aggregate,cold').split(','),
};
const SECTIONS = new Set(SETTINGS.sections);
const ONLY = option('only')?.split(',');

const USAGE =
  'usage: node bench/run.js [--quick] [--only=<ids>] [--sections=<list>] [--calls=N] [--max-seconds=S] [--no-docs]\n' +
  `  ids: ${CONTESTANTS.map((c) => c.id).join(', ')}\n` +
  '  sections: sdk, raw, list, aggregate, cold';
if (flag('help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
for (const a of args) {
  const name = a.replace(/^--/, '').split('=')[0];
  if (!['quick', 'only', 'sections', 'no-docs', 'calls', 'max-seconds'].includes(name)) {
    console.error(`unknown option ${a}\n${USAGE}`);
    process.exit(2);
  }
}
const badId = ONLY?.find((id) => !CONTESTANTS.some((c) => c.id === id));
const badSection = SETTINGS.sections.find((x) => !['sdk', 'raw', 'list', 'aggregate', 'cold'].includes(x));
if (badId !== undefined || badSection !== undefined) {
  console.error(
    `${badId !== undefined ? `unknown contestant '${badId}'` : `unknown section '${badSection}'`}\n${USAGE}`,
  );
  process.exit(2);
}
if (!(SETTINGS.calls > 0) || !(SETTINGS.maxMs > 0)) {
  console.error('--calls and --max-seconds take positive numbers');
  process.exit(2);
}
if (process.platform !== 'linux') {
  console.error('the benchmark reads /proc for memory, CPU and socket figures: run it on Linux');
  process.exit(2);
}

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'mcp-gw-bench-'));
const running = new Set();
const log = (...m) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...m);

const contestants = CONTESTANTS.filter((c) => !ONLY || ONLY.includes(c.id));
const results = {
  date: new Date().toISOString(),
  machine: machineInfo(),
  settings: SETTINGS,
  contestants: contestants.map((c) => ({ id: c.id, label: c.label, version: c.version() })),
  unavailable: {},
  sdk: {},
  raw: {},
  toolsList: {},
  aggregate: {},
  cold: {},
  idle1: {},
  notes: [],
  loopbackViolations: [],
  listeners: {},
};
for (const c of contestants) {
  const ok = c.available ? c.available() : true;
  if (ok !== true) {
    results.unavailable[c.id] = ok;
    log(`${c.label}: skipped, ${ok}`);
  }
}
const active = contestants.filter((c) => !results.unavailable[c.id]);
/** Whether a contestant takes part in a section (the client floor only where a client limit shows). */
const takesPart = (c, section) => !c.sections || c.sections.includes(section);
for (const c of active) {
  const stale = c.staleBuild?.();
  if (stale) {
    results.notes.push(`${c.label}: ${stale}`);
    log(`WARNING ${c.label}: ${stale}`);
  }
}

let seq = 0;
async function start(c, servers, extra = {}) {
  seq += 1;
  const tmp = path.join(tmpRoot, `${c.id}-${seq}`);
  mkdirSync(tmp, { recursive: true });
  const inst = await c.start({ servers, tmp, ...extra });
  running.add(inst);
  const stop = inst.stop;
  inst.stop = async () => {
    running.delete(inst);
    await stop();
  };
  return inst;
}

/** The gateway's own processes (not its backends): what CPU and RSS figures count. */
function ownPids(inst) {
  return inst.pid === undefined ? [] : gatewayTree(inst.pid, inst.isBackend).own;
}

function checkLoopback(c, inst) {
  if (inst.pid === undefined) {
    return true;
  }
  const tree = gatewayTree(inst.pid, inst.isBackend);
  const sockets = tcpSockets([...tree.own, ...tree.backends]);
  const listeners = sockets.filter((s) => s.listening).map((s) => s.local);
  (results.listeners[c.id] ??= []).push(...listeners.filter((l) => !results.listeners[c.id]?.includes(l)));
  const bad = sockets.filter((s) => !s.ok);
  if (bad.length > 0) {
    results.loopbackViolations.push({ id: c.id, sockets: bad });
    log(`${c.label}: NOT loopback-only, stopping it: ${JSON.stringify(bad)}`);
    return false;
  }
  return true;
}

const cpuOf = (pids) => pids.reduce((sum, p) => sum + cpuNs(p), 0);
const slicesOf = (pids) => pids.reduce((sum, p) => sum + timeslices(p), 0);

/** Runs one load sample and adds the CPU the gateway's own processes used meanwhile (ns). */
async function withCpu(inst, fn) {
  const pids = ownPids(inst);
  const before = cpuOf(pids);
  const slicesBefore = slicesOf(pids);
  const sample = await fn();
  if (pids.length > 0) {
    sample.cpuNs = cpuOf(pids) - before;
    sample.slices = slicesOf(pids) - slicesBefore;
  }
  return sample;
}

function finishCell(sample) {
  const r = summarise(sample.latencies, sample.errors, sample.wallMs);
  if (sample.cpuNs !== undefined && r.calls > 0) {
    r.gatewayCpuUsPerCall = round(sample.cpuNs / 1000 / r.calls, 1);
  }
  if (sample.slices !== undefined && r.calls > 0) {
    r.gatewayWakeupsPerCall = round(sample.slices / r.calls, 2);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// 1. tools/call latency and throughput, SDK client and raw HTTP, one backend with one tool.
async function latencySections() {
  const live = [];
  for (const c of active.filter((x) => takesPart(x, 'sdk') || takesPart(x, 'raw'))) {
    try {
      const inst = await start(c, [{ name: 'echo', tools: 0 }]);
      const ready = await waitUsable(inst, 1);
      if (!checkLoopback(c, inst)) {
        await ready.session.close();
        await inst.stop();
        continue;
      }
      const tool = findEchoTool(ready.tools);
      if (!tool) {
        throw new Error(`no echo tool in ${ready.tools.map((t) => t.name).join(', ')}`);
      }
      live.push({ c, inst, session: ready.session, tool });
      log(
        `${c.label}: up, calling ${tool}; listening on ${results.listeners[c.id]?.join(', ') ?? 'nothing'}`,
      );
    } catch (err) {
      results.notes.push(`${c.label}: could not start for the latency runs: ${err.message}`);
      log(`${c.label}: failed to start: ${err.message}`);
    }
  }
  // Each cell is split into rounds, and every round visits all contestants in turn: a burst of
  // load from elsewhere on the machine is then spread over all of them instead of landing on one.
  const rounds = SETTINGS.rounds;
  const opts = (concurrency) => ({
    concurrency,
    calls: Math.ceil(SETTINGS.calls / rounds),
    maxMs: SETTINGS.maxMs / rounds,
  });
  const warm = (concurrency) => ({ concurrency, calls: SETTINGS.warmupCalls, maxMs: 2000 });
  const report = (kind, conc, l, r) =>
    log(
      `${kind} c=${conc} ${l.c.label}: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.throughput}/s, errors ${r.errors}`,
    );

  if (SECTIONS.has('sdk')) {
    for (const conc of SETTINGS.concurrency) {
      const samples = new Map();
      for (let round = 0; round < rounds; round += 1) {
        for (const l of live.filter((x) => takesPart(x.c, 'sdk'))) {
          if (round === 0) {
            await sdkCallLoad(l.session.client, l.tool, warm(conc));
          }
          const sample = await withCpu(l.inst, () => sdkCallLoad(l.session.client, l.tool, opts(conc)));
          samples.set(l, mergeSamples(samples.get(l), sample));
        }
      }
      for (const [l, sample] of samples) {
        const r = finishCell(sample);
        (results.sdk[l.c.id] ??= {})[conc] = r;
        report('sdk', conc, l, r);
      }
    }
  }
  for (const l of live) {
    await l.session.close();
  }
  if (SECTIONS.has('raw')) {
    for (const l of live) {
      if (l.inst.transport === 'streamable' && takesPart(l.c, 'raw')) {
        try {
          l.raw = await rawHttpSession(l.inst.url, l.inst.headers);
        } catch (err) {
          results.notes.push(`${l.c.label}: raw HTTP session failed: ${err.message}`);
        }
      }
    }
    for (const conc of SETTINGS.concurrency) {
      const samples = new Map();
      for (let round = 0; round < rounds; round += 1) {
        for (const l of live) {
          let sample;
          if (l.inst.transport === 'stdio') {
            sample = await rawStdioLoad(l.inst.command, l.inst.args, l.tool, {
              ...opts(conc),
              warmup: SETTINGS.warmupCalls,
            });
          } else if (l.raw) {
            if (round === 0) {
              await autocannonLoad(l.inst.url, l.raw, l.tool, warm(conc));
            }
            sample = await withCpu(l.inst, () => autocannonLoad(l.inst.url, l.raw, l.tool, opts(conc)));
          } else {
            continue;
          }
          samples.set(l, mergeSamples(samples.get(l), sample));
        }
      }
      for (const [l, sample] of samples) {
        const r = finishCell(sample);
        (results.raw[l.c.id] ??= {})[conc] = r;
        report('raw', conc, l, r);
      }
    }
    for (const l of live) {
      await l.raw?.close();
    }
  }
  for (const l of live) {
    checkLoopback(l.c, l.inst);
    await l.inst.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. tools/list with one backend of 1,000 tools.
async function timeLists(inst, session, expect) {
  const sdk = [];
  const pids = ownPids(inst);
  let cpuBefore = 0;
  for (let i = 0; i < SETTINGS.listRepeats + 2; i += 1) {
    if (i === 2) {
      cpuBefore = cpuOf(pids); // the first two are warm-up
    }
    const t0 = performance.now();
    const tools = await listAllTools(session.client);
    const dt = performance.now() - t0;
    if (tools.length < expect) {
      throw new Error(`tools/list returned ${tools.length} of ${expect} tools`);
    }
    if (i >= 2) {
      sdk.push(dt);
    }
  }
  const out = { sdkMedianMs: round(median(sdk), 2), sdkP90Ms: round(percentile(sdk, 90), 2) };
  if (pids.length > 0) {
    out.gatewayCpuMsPerList = round((cpuOf(pids) - cpuBefore) / 1e6 / SETTINGS.listRepeats, 2);
  }
  if (inst.transport === 'streamable') {
    const raw = await rawHttpSession(inst.url, inst.headers);
    const times = [];
    let bytes = 0;
    for (let i = 0; i < SETTINGS.listRepeats + 2; i += 1) {
      const t0 = performance.now();
      const msg = await raw.request('tools/list', {});
      const dt = performance.now() - t0;
      if (!msg.result || msg.result.tools.length < Math.min(expect, 1)) {
        throw new Error(`raw tools/list failed: ${JSON.stringify(msg).slice(0, 200)}`);
      }
      bytes = JSON.stringify(msg).length;
      if (i >= 2) {
        times.push(dt);
      }
    }
    await raw.close();
    out.rawMedianMs = round(median(times), 2);
    out.rawP90Ms = round(percentile(times, 90), 2);
    out.bytes = bytes;
  }
  return out;
}

async function listSection() {
  const expect = SETTINGS.bigTools + 1;
  for (const c of active.filter((x) => takesPart(x, 'list'))) {
    let inst;
    try {
      inst = await start(c, [{ name: 'big', tools: SETTINGS.bigTools }]);
      const ready = await waitUsable(inst, expect);
      const r = await timeLists(inst, ready.session, expect);
      r.tools = ready.tools.length;
      await ready.session.close();
      results.toolsList[c.id] = r;
      log(
        `list 1x${SETTINGS.bigTools} ${c.label}: sdk ${r.sdkMedianMs} ms, raw ${r.rawMedianMs ?? 'n/a'} ms`,
      );
    } catch (err) {
      results.notes.push(`${c.label}: tools/list over ${SETTINGS.bigTools} tools failed: ${err.message}`);
      log(`${c.label}: list failed: ${err.message}`);
    } finally {
      await inst?.stop();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 3. 50 backends x 40 tools: tools/list time, then idle RSS of the gateway's own processes.
async function sampleIdle(inst) {
  await sleep(SETTINGS.idleSettleMs);
  const samples = [];
  let own = [];
  let backends = [];
  for (let i = 0; i < 3; i += 1) {
    const tree = gatewayTree(inst.pid, inst.isBackend);
    own = tree.own;
    backends = tree.backends;
    samples.push(own.reduce((s, p) => s + rssKiB(p), 0));
    await sleep(500);
  }
  return {
    rssMiB: round(median(samples) / 1024, 1),
    ownProcesses: own.length,
    backendProcesses: backends.length,
    backendRssMiB: round(backends.reduce((s, p) => s + rssKiB(p), 0) / 1024, 1),
  };
}

async function aggregateSection() {
  const servers = Array.from({ length: SETTINGS.aggServers }, (_, i) => ({
    name: `s${String(i + 1).padStart(2, '0')}`,
    tools: SETTINGS.aggToolsPerServer,
  }));
  const expect = SETTINGS.aggServers * (SETTINGS.aggToolsPerServer + 1);
  for (const c of active) {
    if (!takesPart(c, 'aggregate')) {
      results.aggregate[c.id] = { na: 'not a gateway' };
      continue;
    }
    if (c.maxServers < servers.length) {
      results.aggregate[c.id] = { na: 'fronts one server only' };
      continue;
    }
    let inst;
    try {
      inst = await start(c, servers);
      const ready = await waitUsable(inst, expect, 120_000);
      const readyMs = round(ready.at - inst.spawnedAt, 0);
      const readyCpuMs = round(cpuOf(ownPids(inst)) / 1e6, 0);
      if (!checkLoopback(c, inst)) {
        await ready.session.close();
        continue;
      }
      const r = await timeLists(inst, ready.session, expect);
      await ready.session.close();
      Object.assign(r, { tools: ready.tools.length, readyMs, readyCpuMs }, await sampleIdle(inst));
      results.aggregate[c.id] = r;
      log(
        `agg  ${c.label}: ready ${readyMs} ms, list sdk ${r.sdkMedianMs} ms, raw ${r.rawMedianMs ?? 'n/a'} ms, idle RSS ${r.rssMiB} MiB (${r.ownProcesses} own / ${r.backendProcesses} backend processes)`,
      );
    } catch (err) {
      results.notes.push(`${c.label}: ${SETTINGS.aggServers}-backend run failed: ${err.message}`);
      log(`${c.label}: aggregate failed: ${err.message}`);
    } finally {
      await inst?.stop();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Cold start: spawn -> first tools/list answered with the backend's tool. Idle RSS (1 backend)
//    is sampled on the last run.
async function coldSection() {
  const order = [];
  // Rounds over the contestants (not all runs of one, then the next): spreads outside noise.
  for (let run = 0; run <= SETTINGS.coldRuns; run += 1) {
    for (const c of active.filter((x) => takesPart(x, 'cold'))) {
      order.push({ c, run });
    }
  }
  const times = {};
  const cpu = {};
  for (const { c, run } of order) {
    let inst;
    try {
      inst = await start(c, [{ name: 'echo', tools: 0 }]);
      const ready = await waitUsable(inst, 1, 60_000);
      const ms = ready.at - inst.spawnedAt;
      // CPU the gateway's own processes used from spawn to ready: robust on a busy machine.
      const cpuMs = inst.pid === undefined ? undefined : cpuOf(ownPids(inst)) / 1e6;
      await ready.session.close();
      if (run > 0) {
        (times[c.id] ??= []).push(ms); // run 0 warms the file cache and is not counted
        if (cpuMs !== undefined) {
          (cpu[c.id] ??= []).push(cpuMs);
        }
      }
      if (run === SETTINGS.coldRuns && inst.pid !== undefined) {
        results.idle1[c.id] = await sampleIdle(inst);
      }
    } catch (err) {
      results.notes.push(`${c.label}: cold start run ${run} failed: ${err.message}`);
    } finally {
      await inst?.stop();
    }
  }
  for (const [id, t] of Object.entries(times)) {
    results.cold[id] = {
      medianMs: round(median(t), 0),
      minMs: round(Math.min(...t), 0),
      runs: t.map((v) => round(v, 0)),
      cpuMedianMs: cpu[id] ? round(median(cpu[id]), 0) : null,
    };
    log(`cold ${id}: median ${results.cold[id].medianMs} ms (${results.cold[id].runs.join(', ')})`);
  }
}

async function cleanup() {
  for (const inst of [...running]) {
    await inst.stop().catch(() => {});
  }
  rmSync(tmpRoot, { recursive: true, force: true });
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    interrupted = true;
    log(`${sig}: stopping everything the benchmark started`);
    void cleanup().then(() => process.exit(130));
  });
}

const t0 = performance.now();
try {
  log(`gateway benchmark${QUICK ? ' (quick)' : ''}: ${active.map((c) => c.id).join(', ')}`);
  if (SECTIONS.has('sdk') || SECTIONS.has('raw')) {
    await latencySections();
  }
  if (SECTIONS.has('list')) {
    await listSection();
  }
  if (SECTIONS.has('aggregate')) {
    await aggregateSection();
  }
  if (SECTIONS.has('cold')) {
    await coldSection();
  }
} finally {
  if (!interrupted) {
    await cleanup();
  }
}
results.machine.loadAvgAtEnd = os.loadavg().map((v) => round(v, 2));
results.durationS = round((performance.now() - t0) / 1000, 0);

const outDir = path.join(ROOT, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
const section = renderSection(results);
console.log('\n' + section);
if (!flag('no-docs')) {
  writeDocsSection(path.join(ROOT, 'docs', 'BENCHMARKS.md'), section);
  log('wrote bench/results/latest.json and the "Gateway performance" section of docs/BENCHMARKS.md');
} else {
  log('wrote bench/results/latest.json');
}
process.exit(0);
