#!/usr/bin/env node
// Two contestants (two builds of this gateway, or the gateway and a floor) measured in pairs:
// the gateway's own CPU per tools/call at 32 in flight, rounds interleaved A B B A …, and the
// difference taken within each pair, so that what the machine does meanwhile (other work, a
// neighbour on the host) moves both sides of a pair alike. With two or more CPUs (Linux), the
// load client runs on CPU 0 and both contestants' processes on CPU 1: the scheduler then places
// them the same way in every round. Single runs of `bench/run.js` under the SDK client spread by
// ±20 % on a quiet machine; a median of paired differences settles within a few microseconds.
//
//   node bench/pair.mjs [--client=sdk|raw] [--rounds=N] [--calls=N]
//                       [--a=ours|relay|floor] [--b=ours|relay|floor] [--b-root=DIR] [--b-node-args="…"]
//
// --b-root: another checkout (built) whose own bench/lib starts B, e.g. the build before a change
// cloned to /tmp/before. Prints figures only. Every loop is bounded; only 127.0.0.1 is used; the
// processes started here are stopped by their group.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { cpuNs, timeslices } from './lib/proc.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const USAGE =
  'usage: node bench/pair.mjs [--client=sdk|raw] [--rounds=N] [--calls=N] [--a=ID] [--b=ID] [--b-root=DIR] [--b-node-args="…"]';
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit === undefined ? fallback : hit.slice(name.length + 3);
};
const KNOWN = ['client', 'rounds', 'calls', 'a', 'b', 'b-root', 'b-node-args'];
const unknown = args.find((a) => !KNOWN.some((k) => a.startsWith(`--${k}=`)));
const client = option('client', 'sdk');
const rounds = Number(option('rounds', '15'));
const calls = Number(option('calls', client === 'sdk' ? '2000' : '4000'));
if (
  unknown !== undefined ||
  !['sdk', 'raw'].includes(client) ||
  !(rounds >= 2 && rounds <= 200) ||
  !(calls >= 100 && calls <= 100_000)
) {
  console.error(unknown === undefined ? USAGE : `unknown option ${unknown}\n${USAGE}`);
  process.exit(2);
}
// The SDK client adds an abort listener per request to one signal and warns past 1,500 of them;
// that is the client's own business, not a figure: other warnings are still printed.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'MaxListenersExceededWarning') {
    console.error(String(w));
  }
});
const WARM_CALLS = 4_000;
const ROUND_WARM_CALLS = 300;
const MAX_MS = 120_000;

/** One side: its contestant, started from its own checkout's benchmark code. */
async function side(label, root, id, nodeArgs) {
  const lib = (f) => import(pathToFileURL(path.join(root, 'bench', 'lib', f)).href);
  const contestant = (await lib('contestants.js')).CONTESTANTS.find((c) => c.id === id);
  if (contestant === undefined) {
    throw new Error(`no contestant "${id}" in ${root}/bench/lib/contestants.js`);
  }
  const ready = contestant.available?.() ?? true;
  if (ready !== true) {
    throw new Error(`${id} in ${root}: ${ready}`);
  }
  const [mcp, raw, proc] = await Promise.all([lib('mcp-client.js'), lib('raw.js'), lib('proc.js')]);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mcp-gw-pair-'));
  const inst = await contestant.start({ servers: [{ name: 'echo', tools: 0 }], tmp, nodeArgs });
  const usable = await mcp.waitUsable(inst, 1);
  const tool = mcp.findEchoTool(usable.tools);
  await usable.session.close();
  const tree = proc.gatewayTree(inst.pid, inst.isBackend);
  return { label, id, root, inst, tool, mcp, raw, own: tree.own, all: [...tree.own, ...tree.backends], tmp };
}

/** CPU time (ns) and times put on a CPU of every thread of `pids` (schedstat). */
function cpuOf(pids) {
  return {
    ns: pids.reduce((sum, pid) => sum + cpuNs(pid), 0),
    slices: pids.reduce((sum, pid) => sum + timeslices(pid), 0),
  };
}

/** `n` calls at 32 in flight from a fresh client (the SDK client slows down as it ages). */
async function load(s, n, measure) {
  const close = [];
  let run;
  if (client === 'sdk') {
    const sdk = await s.mcp.connect(s.inst);
    close.push(() => sdk.close());
    run = (k) => s.mcp.sdkCallLoad(sdk.client, s.tool, { concurrency: 32, calls: k, maxMs: MAX_MS });
  } else {
    const session = await s.raw.rawHttpSession(s.inst.url, s.inst.headers);
    close.push(() => session.close());
    run = (k) =>
      s.raw.autocannonLoad(s.inst.url, session, s.tool, { concurrency: 32, calls: k, maxMs: MAX_MS });
  }
  try {
    await run(ROUND_WARM_CALLS);
    const before = cpuOf(s.own);
    const t0 = performance.now();
    const sample = await run(n);
    const wallMs = performance.now() - t0;
    const after = cpuOf(s.own);
    const errors = Array.isArray(sample.errors) ? sample.errors.length : sample.errors;
    if (measure && errors > 0) {
      throw new Error(`${s.label}: ${errors} of ${n} calls failed`);
    }
    return {
      us: (after.ns - before.ns) / 1000 / n,
      wakeups: (after.slices - before.slices) / n,
      perSecond: (n / wallMs) * 1000,
    };
  } finally {
    for (const c of close) {
      await c();
    }
  }
}

function pin(pids, cpu) {
  for (const pid of pids) {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
  }
}

const canPin = (() => {
  if (process.platform !== 'linux' || os.cpus().length < 2) {
    return false;
  }
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const sides = [];
try {
  sides.push(await side('A', ROOT, option('a', 'ours'), []));
  const bNodeArgs = option('b-node-args', '').split(' ').filter(Boolean);
  sides.push(await side('B', path.resolve(option('b-root', ROOT)), option('b', 'ours'), bNodeArgs));
  if (canPin) {
    pin([process.pid], 0);
    for (const s of sides) {
      pin(s.all, 1);
    }
  }
  console.log(
    `${client === 'sdk' ? 'SDK client' : 'raw HTTP'}, c=32, ${rounds} rounds of ${calls} calls; ` +
      `A: ${sides[0].id} (${sides[0].root}), B: ${sides[1].id} (${sides[1].root}); ` +
      (canPin
        ? 'load client on CPU 0, contestants on CPU 1'
        : 'not pinned (needs Linux, 2 CPUs and taskset)'),
  );
  // Warm-up, not counted: both JITs (the contestants' and the load client's) settle over a few
  // thousand calls and a first round pair.
  for (const s of sides) {
    await load(s, WARM_CALLS, false);
  }
  for (const s of sides) {
    await load(s, calls, false);
  }
  const results = { A: [], B: [] };
  for (let i = 0; i < rounds; i += 1) {
    for (const s of i % 2 === 0 ? sides : [...sides].reverse()) {
      const r = await load(s, calls, true);
      results[s.label].push(r);
      console.log(
        `round ${i + 1} ${s.label}: ${r.us.toFixed(1)} µs/call, ${r.wakeups.toFixed(2)} wake-ups/call, ${Math.round(r.perSecond)} calls/s`,
      );
    }
  }
  const sorted = (xs) => [...xs].sort((x, y) => x - y);
  const at = (xs, q) => sorted(xs)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  for (const k of ['A', 'B']) {
    const us = results[k].map((r) => r.us);
    console.log(
      `${k}: median ${at(us, 0.5).toFixed(1)} µs/call (quartiles ${at(us, 0.25).toFixed(1)}–${at(us, 0.75).toFixed(1)}), ` +
        `wake-ups ${at(
          results[k].map((r) => r.wakeups),
          0.5,
        ).toFixed(2)}/call, ${Math.round(
          at(
            results[k].map((r) => r.perSecond),
            0.5,
          ),
        )} calls/s`,
    );
  }
  const diffs = results.B.map((b, i) => b.us - results.A[i].us);
  console.log(
    `B − A per pair: median ${at(diffs, 0.5).toFixed(1)} µs (quartiles ${at(diffs, 0.25).toFixed(1)} to ` +
      `${at(diffs, 0.75).toFixed(1)}); B lower in ${diffs.filter((d) => d < 0).length} of ${diffs.length}`,
  );
} finally {
  for (const s of sides) {
    await s.inst.stop();
    rmSync(s.tmp, { recursive: true, force: true });
  }
}
