// Processes the benchmark starts, and what /proc says about them (Linux only).
//
// Every contestant runs in a process group of its own (detached spawn), so stopping it is one
// signal to that group. Gateways may put their backends in further groups of their own; those
// are descendants of a process we started, so they are remembered before the stop and any
// survivor is killed by pid afterwards (checking its start time, so a recycled pid is never hit).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const LOG_LIMIT = 64 * 1024;

/** Spawns `command args` in a new process group; keeps the last 64 KiB of its output for errors. */
export function spawnGroup(command, args, { env, cwd, label }) {
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk) => {
    log += chunk.toString('utf8');
    if (log.length > LOG_LIMIT) {
      log = log.slice(-LOG_LIMIT);
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // A closed stdin is how stdio servers learn to leave; keep ours open until stop.
  child.stdin.on('error', () => {});
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    label,
    child,
    pid: child.pid,
    exited,
    log: () => log,
    stop: () => stopGroup(child, exited),
  };
}

async function stopGroup(child, exited) {
  const pid = child.pid;
  if (pid === undefined) {
    return;
  }
  const descendants = descendantsOf(pid).map((p) => ({ pid: p, start: startTimeOf(p) }));
  const alive = () => child.exitCode === null && child.signalCode === null;
  if (alive()) {
    signalGroup(pid, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!done) {
      signalGroup(pid, 'SIGKILL');
      await Promise.race([exited, sleep(2000)]);
    }
  } else {
    signalGroup(pid, 'SIGKILL');
  }
  // Give well-behaved gateways a moment to stop their own backends, then make sure.
  for (let i = 0; i < 20 && descendants.some((d) => startTimeOf(d.pid) === d.start); i += 1) {
    await sleep(100);
  }
  for (const d of descendants) {
    if (d.start !== undefined && startTimeOf(d.pid) === d.start) {
      try {
        process.kill(d.pid, 'SIGKILL');
      } catch {
        // Gone in the meantime.
      }
    }
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already empty.
  }
}

function readStat(pid) {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may contain spaces: split after the last ')'.
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]), start: rest[19] };
  } catch {
    return undefined;
  }
}

export function startTimeOf(pid) {
  return readStat(pid)?.start;
}

/** All live descendants of `root` (children, grandchildren, ...), found from /proc ppid links. */
export function descendantsOf(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    const st = readStat(Number(name));
    if (!st) {
      continue;
    }
    const list = children.get(st.ppid) ?? [];
    list.push(Number(name));
    children.set(st.ppid, list);
  }
  const out = [];
  const queue = [root];
  while (queue.length > 0 && out.length < 10_000) {
    const next = queue.shift();
    for (const c of children.get(next) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export function cmdlineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Resident set size in KiB (VmRSS from /proc/<pid>/status), or 0 if the process is gone. */
export function rssKiB(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time a process has used, in nanoseconds: the sum over its threads of
 * /proc/<pid>/task/<tid>/schedstat (ns precision), falling back to utime+stime ticks.
 */
export function cpuNs(pid) {
  let sum = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        sum += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between listing and reading.
      }
    }
    return sum;
  } catch {
    const st = readStat(pid);
    return st ? (st.utime + st.stime) * 1e7 : 0;
  }
}

/**
 * How many times the process's threads were put on a CPU (the third field of schedstat): each
 * wake-up from waiting for input counts once, so per call it shows whether a process handles
 * requests one wake-up each or several per wake-up.
 */
export function timeslices(pid) {
  let sum = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        sum += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[2]);
      } catch {
        // The thread ended between listing and reading.
      }
    }
  } catch {
    // The process ended.
  }
  return sum;
}

/**
 * Splits a gateway's process tree into the gateway's own processes and its backends. A backend
 * is any process whose command line names the benchmark fixture, plus everything below it.
 */
export function gatewayTree(rootPid, isBackend) {
  const children = new Map();
  const all = [rootPid, ...descendantsOf(rootPid)];
  for (const pid of all) {
    const st = readStat(pid);
    if (st) {
      const list = children.get(st.ppid) ?? [];
      list.push(pid);
      children.set(st.ppid, list);
    }
  }
  const own = [];
  const backends = [];
  const walk = (pid, underBackend) => {
    const backend = underBackend || (pid !== rootPid && isBackend(cmdlineOf(pid)));
    (backend ? backends : own).push(pid);
    for (const c of children.get(pid) ?? []) {
      walk(c, backend);
    }
  };
  walk(rootPid, false);
  return { own, backends };
}

function socketInodes(pid) {
  const inodes = new Set();
  let fds = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) {
        inodes.add(m[1]);
      }
    } catch {
      // Closed meanwhile.
    }
  }
  return inodes;
}

function decodeAddr(hex, v6) {
  const [addrHex, portHex] = hex.split(':');
  const port = parseInt(portHex, 16);
  if (!v6) {
    const b = Buffer.from(addrHex, 'hex').reverse();
    return { ip: [...b].join('.'), port };
  }
  // /proc/net/tcp6 stores four 32-bit words, each in host (little-endian) order.
  const words = [];
  for (let i = 0; i < 4; i += 1) {
    words.push(
      Buffer.from(addrHex.slice(i * 8, i * 8 + 8), 'hex')
        .reverse()
        .toString('hex'),
    );
  }
  const groups = words
    .join('')
    .match(/.{4}/g)
    .map((g) => g.replace(/^0+(?=.)/, ''));
  const ip = groups.join(':');
  return { ip, port };
}

function isLoopbackIp(ip) {
  return (
    ip.startsWith('127.') || ip === '0:0:0:0:0:0:0:1' || /^0:0:0:0:0:ffff:7f/.test(ip) // ::ffff:127.x.x.x
  );
}

/**
 * The TCP sockets held by the given processes: listeners and connections, with a flag for any
 * that is not loopback-only (a listener on 0.0.0.0/:: or a connection to another host).
 */
export function tcpSockets(pids) {
  const inodes = new Set();
  for (const pid of pids) {
    for (const i of socketInodes(pid)) {
      inodes.add(i);
    }
  }
  const out = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ]) {
    let lines = [];
    try {
      lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      if (!inodes.has(f[9])) {
        continue;
      }
      const local = decodeAddr(f[1], v6);
      const remote = decodeAddr(f[2], v6);
      const listening = f[3] === '0A';
      const ok = listening ? isLoopbackIp(local.ip) : isLoopbackIp(remote.ip) || remote.port === 0;
      out.push({ listening, local: `${local.ip}:${local.port}`, remote: `${remote.ip}:${remote.port}`, ok });
    }
  }
  return out;
}
