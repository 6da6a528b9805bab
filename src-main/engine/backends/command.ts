import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

import { GatewayError } from '../../../src-shared/errors.js';

/** What to install when a well-known launcher is missing. */
const INSTALL_HINTS: Readonly<Record<string, string>> = {
  npx: 'install Node.js',
  node: 'install Node.js',
  npm: 'install Node.js',
  uvx: 'install uv (https://docs.astral.sh/uv/)',
  uv: 'install uv (https://docs.astral.sh/uv/)',
  python: 'install Python',
  python3: 'install Python',
  pipx: 'install pipx',
  docker: 'install Docker',
  deno: 'install Deno',
  bun: 'install Bun',
};

function installHint(command: string): string {
  const base = path
    .basename(command)
    .replace(/\.(exe|cmd|bat)$/i, '')
    .toLowerCase();
  return INSTALL_HINTS[base] ?? 'install it';
}

export interface ResolveOptions {
  /** The child's PATH (not necessarily the gateway's). */
  pathEnv: string | undefined;
  /** Windows executable extensions, e.g. `.COM;.EXE;.BAT;.CMD`. */
  pathExt?: string | undefined;
  cwd?: string | undefined;
  platform?: NodeJS.Platform;
  /** Maps a resolved path to the file to check (tests run Windows lookups on a POSIX folder). */
  fsPath?: (file: string) => string;
}

function isRunnable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      accessSync(file, constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute file a stdio command runs, searched on the child's PATH (with PATHEXT on
 * Windows). Throws `COMMAND_NOT_FOUND` with what to install, before anything is spawned.
 */
export function resolveCommand(command: string, options: ResolveOptions): string {
  const platform = options.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const pathExts = (options.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e.length > 0);
  // Windows runs only files with a PATHEXT extension: `npx` (a shell script for Git Bash) sits
  // next to `npx.cmd`, so a bare name is tried with each extension first, and as itself only
  // when it already carries one (`server.exe`).
  const runnableOnWindows = (file: string) =>
    pathExts.some((e) => file.toLowerCase().endsWith(e.toLowerCase()));
  const candidates = (base: string) =>
    platform === 'win32' ? [...pathExts.map((e) => base + e), base].filter(runnableOnWindows) : [base];
  const hasSeparator = platform === 'win32' ? /[\\/]/.test(command) : command.includes('/');
  if (hasSeparator) {
    const abs = p.resolve(options.cwd ?? process.cwd(), command);
    for (const file of candidates(abs)) {
      if (isRunnable(options.fsPath?.(file) ?? file, platform)) {
        return file;
      }
    }
    throw new GatewayError(
      'COMMAND_NOT_FOUND',
      `command '${command}' not found (looked for ${abs}) — check the path or ${installHint(command)}`,
    );
  }
  const dirs = (options.pathEnv ?? '').split(platform === 'win32' ? ';' : ':').filter((d) => d.length > 0);
  for (const dir of dirs) {
    for (const file of candidates(p.join(dir, command))) {
      if (isRunnable(options.fsPath?.(file) ?? file, platform)) {
        return file;
      }
    }
  }
  throw new GatewayError(
    'COMMAND_NOT_FOUND',
    `command '${command}' not found on PATH — ${installHint(command)} or give an absolute path`,
  );
}

// ------------------------------------------------------------------ Windows batch launchers

/**
 * Characters an argument to a batch file may hold without quotes: cmd.exe gives none of them a
 * meaning (the same set the Rust standard library uses since its BatBadBut fix).
 */
const BATCH_PLAIN = /^[A-Za-z0-9#$*+\-./:?@\\_]+$/;

/**
 * Quote one argument of a `.cmd`/`.bat` file so that neither of cmd.exe's two parses can see
 * an operator in it. cmd.exe parses the command line once, and a batch file that passes `%*`
 * (npx.cmd, most shims) has that text parsed again: `^` escapes only survive the first parse,
 * so every metacharacter must sit inside quotes in both. Inside quotes a `"` is written `""`
 * (cmd's quote state is unchanged after the pair; the program's MSVC-rules parser reads one
 * `"`), backslashes before a `"` and before the closing quote are doubled, and `%` becomes
 * `%%cd:~,%` (an empty substring of `%cd%` after a literal `%`), so `%VAR%` is never expanded.
 * Line breaks and NUL cannot be passed to a batch file at all: such an argument is refused.
 */
export function quoteBatchArg(arg: string): string {
  if (/[\r\n\0]/.test(arg)) {
    throw new GatewayError(
      'ARG_REFUSED',
      'an argument to a Windows .cmd/.bat launcher contains a line break or NUL, which cmd.exe cannot pass on safely — ' +
        'remove it from the args, or run the program behind the launcher (its .exe, or node with the script) directly',
    );
  }
  if (BATCH_PLAIN.test(arg) && !arg.endsWith('\\')) {
    return arg;
  }
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes += 1;
      out += ch;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(backslashes) + '""';
    } else if (ch === '%') {
      out += '%%cd:~,%';
    } else {
      out += ch;
    }
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes)}"`;
}

export interface SpawnPlan {
  file: string;
  args: string[];
  /** Node must pass `args` to CreateProcess as is (they are already quoted for cmd.exe). */
  windowsVerbatimArguments: boolean;
}

/**
 * How to spawn a resolved command. Windows cannot CreateProcess a `.cmd`/`.bat` file, and
 * Node refuses `shell:false` for them since CVE-2024-27980, so they run through
 * `cmd.exe /d /e:ON /v:OFF /s /c ""<file>" <args>"` with each argument quoted by
 * `quoteBatchArg` (command extensions on for the `%` rule, delayed `!VAR!` expansion off).
 */
export function planSpawn(
  resolved: string,
  args: readonly string[],
  platform: NodeJS.Platform = process.platform,
  comspec = 'cmd.exe',
): SpawnPlan {
  if (platform !== 'win32' || !/\.(cmd|bat)$/i.test(resolved)) {
    return { file: resolved, args: [...args], windowsVerbatimArguments: false };
  }
  const file = path.win32.normalize(resolved);
  if (/["%\r\n]/.test(file)) {
    throw new GatewayError(
      'ARG_REFUSED',
      `the launcher path ${file} contains a quote, % or a line break, which cmd.exe cannot run safely — move it to a plain folder`,
    );
  }
  const line = [`"${file}"`, ...args.map((a) => quoteBatchArg(a))].join(' ');
  return {
    file: comspec,
    args: ['/d', '/e:ON', '/v:OFF', '/s', '/c', `"${line}"`],
    windowsVerbatimArguments: true,
  };
}
