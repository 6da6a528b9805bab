#!/usr/bin/env node
// CPU profile of this project's gateway under benchmark load: runs it with `node --cpu-prof`,
// drives one scenario, stops it cleanly (SIGTERM, so the profile is written) and prints where the
// gateway process spent its CPU time. Prints figures only.
//
//   node bench/profile.js                      tools/call, raw HTTP, concurrency 32 (and 1)
//   node bench/profile.js --scenario=list      tools/list over 1,000 tools, raw HTTP
//   node bench/profile.js --scenario=start     start-up: spawn to first tools/list
//   node bench/profile.js --client=sdk         tools/call from the SDK client (v1 Client) instead of raw HTTP
//   options: --calls=N  --top=N  --keep (keep the .cpuprofile and print its path)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CONTESTANTS } from './lib/contestants.js';
import { connect, findEchoTool, sdkCallLoad, waitUsable } from './lib/mcp-client.js';
import { autocannonLoad, rawHttpSession } from './lib/raw.js';
import { summarise } from './lib/stats.js';

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const scenario = option('scenario') ?? 'calls';
const loadClient = option('client') ?? 'raw';
const calls = Number(option('calls') ?? 4000);
const top = Number(option('top') ?? 25);
const USAGE =
  'usage: node bench/profile.js [--scenario=calls|list|start] [--client=raw|sdk] [--calls=N] [--top=N] [--keep]';
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = args.filter((a) => !/^--(scenario|client|calls|top)=/.test(a) && a !== '--keep');
if (unknown.length > 0) {
  console.error(`unknown option ${unknown[0]}\n${USAGE}`);
  process.exit(2);
}
if (
  !['calls', 'list', 'start'].includes(scenario) ||
  !['raw', 'sdk'].includes(loadClient) ||
  !(calls > 0) ||
  !(top > 0)
) {
  console.error(USAGE);
  process.exit(2);
}

const ours = CONTESTANTS.find((c) => c.id === 'ours');
const ok = ours.available();
if (ok !== true) {
  console.error(ok);
  process.exit(1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mcp-gw-profile-'));
const profDir = path.join(tmp, 'prof');
mkdirSync(profDir);
const tools = scenario === 'list' ? 1000 : 0;
const inst = await ours.start({
  servers: [{ name: 'echo', tools }],
  tmp,
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=250'],
});
try {
  const ready = await waitUsable(inst, tools + 1);
  console.log(
    `gateway ready ${Math.round(ready.at - inst.spawnedAt)} ms after spawn (profiling adds overhead)`,
  );
  const tool = findEchoTool(ready.tools);
  await ready.session.close();
  if (scenario === 'calls' && loadClient === 'sdk') {
    const sdk = await connect(inst);
    const s = await sdkCallLoad(sdk.client, tool, { concurrency: 32, calls, maxMs: 30_000 });
    const r = summarise(s.latencies, s.errors, s.wallMs);
    console.log(
      `SDK client tools/call c=32: ${r.calls} calls, p50 ${r.p50Ms} ms, ${r.throughput}/s, errors ${r.errors}`,
    );
    await sdk.close();
  } else if (scenario === 'calls') {
    const raw = await rawHttpSession(inst.url, inst.headers);
    for (const concurrency of [32]) {
      const s = await autocannonLoad(inst.url, raw, tool, { concurrency, calls, maxMs: 30_000 });
      const r = summarise(s.latencies, s.errors, s.wallMs);
      console.log(
        `raw tools/call c=${concurrency}: ${r.calls} calls, p50 ${r.p50Ms} ms, ${r.throughput}/s, errors ${r.errors}`,
      );
    }
    await raw.close();
  } else if (scenario === 'list') {
    const raw = await rawHttpSession(inst.url, inst.headers);
    const n = Math.min(calls, 300);
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1) {
      await raw.request('tools/list', {});
    }
    console.log(
      `raw tools/list over ${tools + 1} tools: ${n} lists, mean ${((performance.now() - t0) / n).toFixed(2)} ms`,
    );
    await raw.close();
  }
} finally {
  await inst.stop();
}

const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
if (files.length === 0) {
  console.error(`no profile written (the gateway did not exit cleanly):\n${inst.log()}`);
  process.exit(1);
}
const profile = JSON.parse(readFileSync(path.join(profDir, files[0]), 'utf8'));
summariseProfile(profile);
if (args.includes('--keep')) {
  console.log(`\nprofile kept: ${path.join(profDir, files[0])}`);
} else {
  rmSync(tmp, { recursive: true, force: true });
}

/** Where a frame's code lives: a package in node_modules, a project file, node internals, or V8. */
function origin(url) {
  if (!url) {
    return '(v8/native)';
  }
  if (url.startsWith('node:')) {
    return 'node:' + url.slice(5).split('/')[0];
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  return dist !== -1 ? url.slice(dist + 1) : url;
}

function summariseProfile(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i += 1) {
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()]
    .filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName))
    .reduce((a, [, v]) => a + v, 0);
  const busy = total - idle;
  const pct = (v) => ((100 * v) / busy).toFixed(1).padStart(5) + '%';
  const key = (cf) => `${cf.functionName || '(anonymous)'}  ${origin(cf.url)}:${cf.lineNumber + 1}`;

  const parent = new Map();
  for (const n of p.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  // Self time by function and by origin.
  const selfByFn = new Map();
  const selfByOrigin = new Map();
  for (const [id, v] of self) {
    const cf = byId.get(id).callFrame;
    if (['(idle)', '(program)'].includes(cf.functionName)) {
      continue;
    }
    selfByFn.set(key(cf), (selfByFn.get(key(cf)) ?? 0) + v);
    selfByOrigin.set(origin(cf.url), (selfByOrigin.get(origin(cf.url)) ?? 0) + v);
  }
  // Inclusive time by function (each function counted once per stack, so recursion is not doubled).
  const incl = new Map();
  for (const [id, v] of self) {
    if (['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName)) {
      continue;
    }
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur).callFrame);
      if (!seen.has(k)) {
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + v);
      }
    }
  }
  const print = (title, map, n, filter = () => true) => {
    console.log(`\n${title}`);
    [...map.entries()]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .forEach(([k, v]) => console.log(`  ${pct(v)}  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`));
  };
  console.log(
    `\nsampled ${(total / 1e6).toFixed(2)} s, of which busy ${(busy / 1e6).toFixed(2)} s (${((100 * busy) / total).toFixed(0)}%); percentages are of busy time`,
  );
  // Time charged to the nearest caller that is a package or project file (not node internals or
  // V8): which layer's code the time is spent for, including the native work it asks for.
  const byLayer = new Map();
  for (const [id, v] of self) {
    if (['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName)) {
      continue;
    }
    let layer = '(no package frame: GC, timers, node internals)';
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const o = origin(byId.get(cur).callFrame.url);
      if (!o.startsWith('node:') && !o.startsWith('(')) {
        layer = o;
        break;
      }
    }
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + v);
  }
  print('self time by origin', selfByOrigin, 15);
  print('time by nearest package or project file on the stack', byLayer, 20);
  print('self time by function', selfByFn, top);
  print('inclusive time, project code (dist/)', incl, top, (k) => k.includes('dist/'));
  print('inclusive time, all', incl, top, (k) => !k.startsWith('(root)'));
}
