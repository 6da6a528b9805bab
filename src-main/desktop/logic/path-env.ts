/**
 * An app started from the Dock, Finder or a desktop launcher gets a minimal PATH (no Homebrew,
 * nvm, ~/.local/bin), so `npx`, `uvx` and `docker` would not be found. At start the desktop app
 * asks the user's login shell for its PATH and merges it in front of the inherited one before
 * the engine starts any server.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

import { mergePath } from '../../engine/backends/login-shell.js';

const START = '__MCPGW_PATH_START__';
const END = '__MCPGW_PATH_END__';

/** Windows apps inherit the user's PATH from the registry; only macOS and Linux need this. */
export function needsLoginShellPath(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (platform === 'win32') {
    return false;
  }
  // An escape hatch for shells whose rc files misbehave when run non-interactively.
  return env.MCP_GATEWAY_NO_LOGIN_SHELL !== '1';
}

/**
 * The command that prints PATH between markers. `${PATH}` is braced: the marker starts with `_`,
 * which would otherwise be read as part of the variable name.
 */
export function loginShellScript(shell: string): string {
  return path.basename(shell) === 'fish'
    ? `printf '%s' '${START}' (string join : $PATH) '${END}'`
    : `printf '%s' "${START}\${PATH}${END}"`;
}

/** PATH from the shell's output; rc files may print banners before or after it. */
export function parseLoginShellOutput(stdout: string): string | undefined {
  const from = stdout.lastIndexOf(START);
  const to = stdout.lastIndexOf(END);
  if (from === -1 || to < from) {
    return undefined;
  }
  const value = stdout.slice(from + START.length, to).trim();
  return value.length > 0 && !value.includes('\n') ? value : undefined;
}

/** The environment with the login shell's PATH first and the inherited entries after it. */
export function withLoginShellPath(
  env: Readonly<Record<string, string | undefined>>,
  loginPath: string | undefined,
): Record<string, string | undefined> {
  const merged = mergePath(loginPath, env.PATH);
  return merged === undefined ? { ...env } : { ...env, PATH: merged };
}

/** Runs `$SHELL -ilc` once; undefined when it fails or takes longer than `timeoutMs`. */
export function readLoginShellPath(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | undefined> {
  const shell = env.SHELL && path.isAbsolute(env.SHELL) ? env.SHELL : '/bin/sh';
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-ilc', loginShellScript(shell)],
      { env, timeout: timeoutMs, windowsHide: true, maxBuffer: 1_000_000 },
      (_err, stdout) => resolve(parseLoginShellOutput(String(stdout))),
    );
  });
}

/** Resolve and merge; never throws, never waits longer than `timeoutMs`. */
export async function resolveDesktopEnv(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  timeoutMs = 5_000,
): Promise<NodeJS.ProcessEnv> {
  if (!needsLoginShellPath(platform, env)) {
    return env;
  }
  return withLoginShellPath(env, await readLoginShellPath(env, timeoutMs)) as NodeJS.ProcessEnv;
}
