/**
 * Fails a test file that leaves a process, a socket, a server or a timer behind: whatever a test
 * starts, it must stop (the engine's close(), a client's close(), clearTimeout). Registered for
 * every file through vitest's setupFiles; its afterAll runs after the file's own.
 *
 * Sockets, servers and child-process handles are counted by type
 * (`process.getActiveResourcesInfo()`) against what was open before the file's first test; child
 * processes are also looked up under this worker in /proc (Linux). Timers are tracked one by one:
 * the global timer functions are wrapped for the file, and a timer still pending and holding the
 * event loop (`hasRef()`) at the end is a leak (vitest keeps its own timers apart). A short,
 * bounded wait lets closes already under way finish.
 */
import { readdirSync, readFileSync } from 'node:fs';

import { afterAll, beforeAll } from 'vitest';

const WATCHED = ['TCPSocketWrap', 'TCPServerWrap', 'ProcessWrap', 'UDPWrap'];
const SETTLE_MS = 3_000;

/** Timers created during this file and not yet fired or cleared. */
const pending = new Set<NodeJS.Timeout>();
/** With LEAK_STACKS=1, where each pending timer was created, to find a leak quickly. */
const origins = new WeakMap<NodeJS.Timeout, string>();
const remember = (t: NodeJS.Timeout) => {
  pending.add(t);
  if (process.env['LEAK_STACKS'] === '1') {
    origins.set(t, new Error('timer created').stack ?? '');
  }
};
const native = { setTimeout, setInterval, clearTimeout, clearInterval };

globalThis.setTimeout = Object.assign(
  (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const t = native.setTimeout(
      (...a: unknown[]) => {
        pending.delete(t);
        fn(...a);
      },
      ms,
      ...args,
    );
    remember(t);
    return t;
  },
  { __promisify__: native.setTimeout.__promisify__ },
) as typeof setTimeout;
globalThis.setInterval = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const t = native.setInterval(fn, ms, ...args);
  remember(t);
  return t;
}) as typeof setInterval;
globalThis.clearTimeout = ((t: NodeJS.Timeout | string | number | undefined) => {
  pending.delete(t as NodeJS.Timeout);
  native.clearTimeout(t);
}) as typeof clearTimeout;
globalThis.clearInterval = ((t: NodeJS.Timeout | string | number | undefined) => {
  pending.delete(t as NodeJS.Timeout);
  native.clearInterval(t);
}) as typeof clearInterval;

function counts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) {
    if (WATCHED.includes(r)) {
      m.set(r, (m.get(r) ?? 0) + 1);
    }
  }
  return m;
}

/** Live descendants of this process (Linux only; elsewhere the handle counts still apply). */
function descendants(): string[] {
  if (process.platform !== 'linux') {
    return [];
  }
  const children = new Map<number, { pid: number; cmd: string }[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') {
        continue;
      }
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const list = children.get(Number(ppid)) ?? [];
      list.push({ pid: Number(name), cmd });
      children.set(Number(ppid), list);
    } catch {
      // gone while reading
    }
  }
  const out: string[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      out.push(`${c.pid} ${c.cmd.slice(0, 160)}`);
      walk(c.pid);
    }
  };
  walk(process.pid);
  return out;
}

function leaks(before: Map<string, number>): string[] {
  const now = counts();
  const out: string[] = [];
  for (const type of WATCHED) {
    const extra = (now.get(type) ?? 0) - (before.get(type) ?? 0);
    if (extra > 0) {
      out.push(`${extra} × ${type}`);
    }
  }
  const timers = [...pending].filter((t) => t.hasRef());
  if (timers.length > 0) {
    out.push(`${timers.length} × timer${timers.map((t) => origins.get(t) ?? '').join('\n')}`);
  }
  return [...out, ...descendants().map((p) => `child process ${p}`)];
}

let baseline = new Map<string, number>();

beforeAll(() => {
  baseline = counts();
});

afterAll(async () => {
  let left = leaks(baseline);
  for (let waited = 0; left.length > 0 && waited < SETTLE_MS; waited += 100) {
    await new Promise((r) => native.setTimeout(r, 100));
    left = leaks(baseline);
  }
  if (left.length > 0) {
    throw new Error(`this test file left behind: ${left.join('; ')}. Close what the tests start.`);
  }
});
