import { type ChildProcess, execFile, execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Process-group bookkeeping for stdio children. Each child leads its own group (spawned
 * `detached` on POSIX), so a signal to `-pgid` reaches `npx` and everything it started.
 */

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ESRCH';
}

/**
 * taskkill.exe by its full path under `%SystemRoot%`: a bare `taskkill` would be looked up in
 * the working folder first, where anything could sit.
 */
export function taskkillFile(systemRoot = process.env.SystemRoot ?? process.env.SYSTEMROOT): string {
  return systemRoot === undefined || systemRoot === ''
    ? 'taskkill.exe'
    : path.win32.join(systemRoot, 'System32', 'taskkill.exe');
}

/** Send `signal` to a whole group (POSIX) or tree (Windows). Never throws. */
export function signalGroup(pgid: number, signal: 'SIGTERM' | 'SIGKILL'): void {
  if (process.platform === 'win32') {
    const args = signal === 'SIGKILL' ? ['/T', '/F', '/PID', String(pgid)] : ['/T', '/PID', String(pgid)];
    execFile(taskkillFile(), args, { windowsHide: true }, () => undefined);
    return;
  }
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone (ESRCH) or not ours (EPERM): nothing left to signal.
  }
}

/** What `killTree` runs with; tests pass a platform and recorders. */
export interface TreeKillDeps {
  platform?: NodeJS.Platform;
  /** `%SystemRoot%`, where Windows keeps taskkill.exe (default: the gateway's own). */
  systemRoot?: string | undefined;
  /** Starts taskkill on Windows (default: `child_process.spawn`, never through a shell). */
  spawn?: (file: string, args: string[], options: SpawnOptions) => Pick<ChildProcess, 'on' | 'unref'>;
  /** Signals a POSIX process group (default: `process.kill`). */
  kill?: (pid: number, signal: NodeJS.Signals) => void;
}

/**
 * Kill a child and everything it started, at once. POSIX: SIGKILL to its process group (it was
 * spawned as a group leader). Windows has no groups and `child.kill()` ends only the child, so
 * `npx.cmd`'s cmd.exe would die and leave node and the server running: `taskkill /T /F` ends
 * the whole tree. taskkill is run by its full path, without a shell. Never throws.
 */
export function killTree(pid: number, deps: TreeKillDeps = {}): void {
  const platform = deps.platform ?? process.platform;
  if (platform === 'win32') {
    const file = taskkillFile(deps.systemRoot);
    try {
      const child = (deps.spawn ?? spawn)(file, ['/T', '/F', '/PID', String(pid)], {
        shell: false,
        windowsHide: true,
        stdio: 'ignore',
      });
      child.on('error', () => undefined);
      child.unref();
    } catch {
      // Nothing more can be done from here; the orphan watchdog is POSIX-only.
    }
    return;
  }
  try {
    (deps.kill ?? process.kill)(-pid, 'SIGKILL');
  } catch {
    // Already gone (ESRCH) or not ours (EPERM).
  }
}

/** Whether a process exists and is not a zombie waiting to be reaped. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return !isMissing(err);
  }
  if (process.platform !== 'linux') {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Whether any live member of a process group remains. On Linux, zombies are skipped: an
 * init that does not reap orphans (containers) would otherwise keep a dead group "alive".
 */
export function isGroupAlive(pgid: number): boolean {
  if (process.platform === 'win32') {
    return isProcessAlive(pgid);
  }
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    return !isMissing(err);
  }
  if (process.platform !== 'linux') {
    return true;
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after "(comm)": state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') {
        return true;
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return false;
}

/**
 * A process that outlives the gateway just long enough to kill its children's groups.
 * Exit handlers do not run on SIGKILL or a crash of the runtime; the watchdog's stdin pipe
 * closes in every case, and on EOF it SIGKILLs each group still registered.
 */
export interface ProcessWatchdog {
  /** The watchdog's own pid: undefined until the first group is registered, and on Windows (exit handler only). */
  readonly pid: number | undefined;
  register(pgid: number): void;
  unregister(pgid: number): void;
  /** Groups currently registered. */
  groups(): number[];
  /** Kill nothing more, end the watchdog, remove the exit handler. */
  stop(): Promise<void>;
}

/** The watchdog's script: remember groups, ignore signals aimed at the gateway's terminal. */
const WATCHDOG_SCRIPT = `trap '' INT TERM HUP QUIT
groups=" "
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups\${line#+} " ;;
    -*) groups=$(printf '%s' "$groups" | sed "s/ \${line#-} / /") ;;
  esac
done
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
`;

/** Kill these process groups at once, synchronously (the gateway is exiting). */
function killGroupsNow(groups: Iterable<number>): void {
  for (const pgid of groups) {
    if (process.platform === 'win32') {
      try {
        execFileSync(taskkillFile(), ['/T', '/F', '/PID', String(pgid)], {
          windowsHide: true,
          stdio: 'ignore',
        });
      } catch {
        // Already gone.
      }
    } else {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * Start the watchdog and the synchronous exit handler. One per gateway process; the
 * supervisor starts it and stops it in `close()`. The watchdog process itself is spawned with
 * the first group it must guard: a gateway without stdio servers never runs one, and the
 * first server is spawned without waiting for it.
 */
export function startProcessWatchdog(): ProcessWatchdog {
  const registered = new Set<number>();
  let child: ChildProcess | undefined;
  let stopped = false;
  const spawnWatchdog = (): void => {
    if (child !== undefined || stopped || process.platform === 'win32') {
      return;
    }
    child = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // Never keep the gateway alive just for the watchdog.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  };
  const write = (line: string) => {
    if (child?.stdin?.writable) {
      child.stdin.write(line + '\n');
    }
  };
  const onExit = () => killGroupsNow(registered);
  process.on('exit', onExit);
  return {
    get pid() {
      return child?.pid;
    },
    register(pgid) {
      spawnWatchdog();
      registered.add(pgid);
      write(`+${pgid}`);
    },
    unregister(pgid) {
      if (registered.delete(pgid)) {
        write(`-${pgid}`);
      }
    },
    groups: () => [...registered],
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      process.off('exit', onExit);
      for (const pgid of registered) {
        write(`-${pgid}`);
      }
      registered.clear();
      const c = child;
      if (c === undefined || c.exitCode !== null || c.signalCode !== null) {
        return;
      }
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.stdin?.end();
      const timer = setTimeout(() => c.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
