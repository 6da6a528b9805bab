import { type ChildProcess, spawn } from 'node:child_process';
import { statSync } from 'node:fs';

import { type ServerConfig, transportOf } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { planSpawn, resolveCommand } from './command.js';
import { buildChildEnv, checkServerArgs, checkServerEnv } from './env-policy.js';
import { mergePath } from './login-shell.js';
import { killTree, type TreeKillDeps } from './process-group.js';

/**
 * How a stdio server's process is started, and starting it early. Nothing here loads the MCP
 * SDK: the engine spawns its stdio servers with this before it loads the SDK, the catalog and
 * the supervisor, so a server's own start-up overlaps the gateway's.
 */

export interface StdioSpawnPlan {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd?: string | undefined;
  windowsVerbatimArguments?: boolean;
  /** How the command is shown in log lines (never includes env). */
  display: string;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The checked spawn plan of one stdio server: refused env keys and interpreter flags throw,
 * the cwd must exist, the environment is the allow-listed one (with the login shell's PATH
 * in front when given), and the command is resolved on the child's PATH.
 */
export function planStdioServer(
  name: string,
  config: ServerConfig,
  parentEnv: NodeJS.ProcessEnv,
  loginShellPath?: string,
): StdioSpawnPlan {
  const command = config.command ?? '';
  checkServerEnv(name, config.env, config.allow);
  checkServerArgs(name, command, config.args, config.allow, config.cwd);
  if (config.cwd !== undefined && !isDirectory(config.cwd)) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `mcpServers.${name}.cwd '${config.cwd}' is not a folder — create it or fix the path`,
      { field: `mcpServers.${name}.cwd` },
    );
  }
  const env = buildChildEnv(parentEnv, config.env, process.platform);
  const hasOwnPath = Object.keys(config.env ?? {}).some((k) => k.toUpperCase() === 'PATH');
  if (loginShellPath !== undefined && !hasOwnPath && process.platform !== 'win32') {
    const merged = mergePath(loginShellPath, env.PATH);
    if (merged !== undefined) {
      env.PATH = merged;
    }
  }
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const pathExtKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATHEXT');
  const resolved = resolveCommand(command, {
    pathEnv: env[pathKey],
    pathExt: pathExtKey === undefined ? undefined : env[pathExtKey],
    cwd: config.cwd,
  });
  const plan = planSpawn(
    resolved,
    config.args ?? [],
    process.platform,
    env.COMSPEC ?? env.ComSpec ?? 'cmd.exe',
  );
  return {
    file: plan.file,
    args: plan.args,
    env,
    cwd: config.cwd,
    windowsVerbatimArguments: plan.windowsVerbatimArguments,
    // Args may carry tokens; the log shows the command and how many args it got.
    display: `${command}${config.args?.length ? ` (${config.args.length} args)` : ''}`,
  };
}

/** Spawn a stdio server: pipes, its own process group (POSIX), no shell. */
export function spawnStdio(plan: Omit<StdioSpawnPlan, 'display'>): ChildProcess {
  return spawn(plan.file, [...plan.args], {
    env: plan.env,
    cwd: plan.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
    windowsVerbatimArguments: plan.windowsVerbatimArguments ?? false,
    shell: false,
  });
}

/** A child spawned before its transport existed. */
export interface EarlyChild {
  child: ChildProcess;
  /**
   * Called by the transport once its own listeners are on the child: emits again the
   * `spawn`, `error` and `exit` events the child already had, in order; later ones arrive as usual.
   */
  replay(): void;
}

/** Children spawned early, waiting for the transport with the same plan to take them. */
export interface EarlyChildren {
  /** The early child spawned with exactly this plan, once; undefined otherwise. */
  take(plan: Omit<StdioSpawnPlan, 'display'>): EarlyChild | undefined;
  /** How many are still waiting. */
  waiting(): number;
  /** Their process ids. */
  pids(): number[];
  /** Kill those never taken (their process groups). */
  dispose(): void;
}

function planKey(plan: Omit<StdioSpawnPlan, 'display'>): string {
  return JSON.stringify([
    plan.file,
    plan.args,
    plan.env,
    plan.cwd ?? null,
    plan.windowsVerbatimArguments ?? false,
  ]);
}

type Recorded = ['spawn'] | ['error', Error] | ['exit', number | null, NodeJS.Signals | null];

function spawnEarly(plan: StdioSpawnPlan): EarlyChild {
  const child = spawnStdio(plan);
  const events: Recorded[] = [];
  const onSpawn = () => events.push(['spawn']);
  const onError = (err: Error) => events.push(['error', err]);
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => events.push(['exit', code, signal]);
  child.on('spawn', onSpawn);
  child.on('error', onError);
  child.on('exit', onExit);
  child.stdin?.on('error', () => undefined);
  // Output is kept until the transport takes over (Node would discard unread output at exit).
  const streams = [child.stdout, child.stderr].flatMap((stream) => {
    if (stream === null) {
      return [];
    }
    const kept: Array<Buffer | null> = [];
    const onData = (chunk: Buffer) => kept.push(chunk);
    const onEnd = () => kept.push(null);
    stream.on('data', onData);
    stream.on('end', onEnd);
    return [{ stream, kept, onData, onEnd }];
  });
  return {
    child,
    replay() {
      child.off('spawn', onSpawn);
      child.off('error', onError);
      child.off('exit', onExit);
      const recorded = events.splice(0);
      for (const [event, ...args] of recorded) {
        if (event !== 'exit') {
          child.emit(event, ...args);
        }
      }
      for (const { stream, kept, onData, onEnd } of streams) {
        stream.off('data', onData);
        stream.off('end', onEnd);
        for (const chunk of kept.splice(0)) {
          if (chunk === null) {
            stream.emit('end');
          } else {
            stream.emit('data', chunk);
          }
        }
      }
      for (const [event, ...args] of recorded) {
        if (event === 'exit') {
          child.emit(event, ...args);
        }
      }
    },
  };
}

function killGroup(child: ChildProcess, deps: TreeKillDeps | undefined): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  killTree(pid, deps);
}

/**
 * Spawn every enabled stdio server of the config now, before the SDK and the supervisor are
 * loaded. `expand` resolves `${VAR}`s; a server it cannot expand without help (a `${secret:…}`,
 * a missing variable), one whose plan fails a check, or one that needs the login shell's PATH
 * is left to the supervisor, which reports any problem as usual.
 */
export async function spawnStdioServersEarly(
  servers: Readonly<Record<string, ServerConfig>>,
  options: {
    env: NodeJS.ProcessEnv;
    expand: (name: string, server: ServerConfig) => Promise<ServerConfig>;
    /** Started from a GUI: the login shell's PATH is needed, so nothing is spawned early. */
    guiLaunch?: boolean;
    /** How those never taken are killed (tests pass a platform and a recorder). */
    kill?: TreeKillDeps;
  },
): Promise<EarlyChildren> {
  const waiting = new Map<string, EarlyChild>();
  if (options.guiLaunch !== true) {
    const plans = await Promise.all(
      Object.entries(servers).map(async ([name, server]) => {
        if (server.disabled === true || transportOf(server) !== 'stdio') {
          return undefined;
        }
        try {
          return planStdioServer(name, await options.expand(name, server), options.env);
        } catch {
          return undefined;
        }
      }),
    );
    for (const plan of plans) {
      const key = plan === undefined ? undefined : planKey(plan);
      if (plan !== undefined && key !== undefined && !waiting.has(key)) {
        waiting.set(key, spawnEarly(plan));
      }
    }
  }
  return {
    take(plan) {
      const key = planKey(plan);
      const early = waiting.get(key);
      waiting.delete(key);
      return early;
    },
    waiting: () => waiting.size,
    pids: () => [...waiting.values()].flatMap((e) => (e.child.pid === undefined ? [] : [e.child.pid])),
    dispose() {
      for (const early of waiting.values()) {
        // Its recorders stay on and absorb the exit and the output.
        killGroup(early.child, options.kill);
        early.child.stdin?.destroy();
        early.child.stdout?.destroy();
        early.child.stderr?.destroy();
      }
      waiting.clear();
    },
  };
}
