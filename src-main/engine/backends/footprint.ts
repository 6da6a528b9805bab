import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/**
 * Memory held by a stdio server's process tree: every process in its process group (children
 * are spawned as group leaders, so the group is the tree, grandchildren included). On Linux
 * this is PSS from `smaps_rollup` (shared pages split between their users, so the figures of
 * several servers add up honestly), else RSS; on macOS summed RSS from `ps`. `undefined` where
 * nothing can be measured (Windows, a process that is gone).
 */
export async function measureProcessGroup(pgid: number): Promise<number | undefined> {
  if (process.platform === 'linux') {
    return measureLinux(pgid);
  }
  if (process.platform === 'darwin') {
    return measurePs(pgid);
  }
  return undefined;
}

async function measureLinux(pgid: number): Promise<number | undefined> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return undefined;
  }
  let total = 0;
  let found = false;
  await Promise.all(
    names.map(async (n) => {
      if (!/^\d+$/.test(n)) {
        return;
      }
      try {
        const stat = await readFile(`/proc/${n}/stat`, 'utf8');
        // Fields after the command name (which may hold spaces): state ppid pgrp ...
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(rest[2]) !== pgid || rest[0] === 'Z') {
          return;
        }
        const bytes = await processBytes(n);
        if (bytes !== undefined) {
          total += bytes;
          found = true;
        }
      } catch {
        // The process ended while we looked.
      }
    }),
  );
  return found ? total : undefined;
}

async function processBytes(pid: string): Promise<number | undefined> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (m?.[1] !== undefined) {
      return Number(m[1]) * 1024;
    }
  } catch {
    // Older kernels have no smaps_rollup; status has RSS.
  }
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m?.[1] === undefined ? undefined : Number(m[1]) * 1024;
}

function measurePs(pgid: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-g', String(pgid)], { timeout: 5_000 }, (err, stdout) => {
      if (err !== null) {
        resolve(undefined);
        return;
      }
      const kb = stdout
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((v) => Number.isFinite(v) && v > 0);
      resolve(kb.length === 0 ? undefined : kb.reduce((a, b) => a + b, 0) * 1024);
    });
  });
}
