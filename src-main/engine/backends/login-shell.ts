import { execFile } from 'node:child_process';
import path from 'node:path';

const START = '__MCP_GATEWAY_PATH_START__';
const END = '__MCP_GATEWAY_PATH_END__';

export interface LoginShellOptions {
  /** Default: `$SHELL`, else `/bin/sh`. */
  shell?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * PATH as the user's login shell sets it. An app started from the Dock, Finder or a desktop
 * launcher inherits a minimal PATH without Homebrew, nvm or ~/.local/bin, so `npx` and `uvx`
 * would not be found. The value is read between markers because rc files may print banners.
 * Resolves undefined on Windows, on timeout or when the shell fails.
 */
export function resolveLoginShellPath(options: LoginShellOptions = {}): Promise<string | undefined> {
  if (process.platform === 'win32') {
    return Promise.resolve(undefined);
  }
  const env = options.env ?? process.env;
  const shell = options.shell ?? env.SHELL ?? '/bin/sh';
  const script =
    path.basename(shell) === 'fish'
      ? `printf '%s' '${START}' (string join : $PATH) '${END}'`
      : `printf '%s' "${START}\${PATH}${END}"`;
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-ilc', script],
      { timeout: options.timeoutMs ?? 5_000, env, windowsHide: true, maxBuffer: 1_000_000 },
      (err, stdout) => {
        const text = String(stdout);
        const from = text.lastIndexOf(START);
        const to = text.lastIndexOf(END);
        if (from === -1 || to < from) {
          resolve(undefined);
          return;
        }
        const value = text.slice(from + START.length, to).trim();
        resolve(err !== null && value.length === 0 ? undefined : value || undefined);
      },
    );
  });
}

/** Resolves the login-shell PATH once and remembers it (one shell run per gateway). */
export function createLoginShellPathResolver(
  options: LoginShellOptions = {},
): () => Promise<string | undefined> {
  let cached: Promise<string | undefined> | undefined;
  return () => {
    cached ??= resolveLoginShellPath(options);
    return cached;
  };
}

/** The login shell's PATH first, then entries of the current PATH it lacks. */
export function mergePath(loginPath: string | undefined, current: string | undefined): string | undefined {
  if (loginPath === undefined) {
    return current;
  }
  const seen = new Set(loginPath.split(':'));
  const extra = (current ?? '').split(':').filter((d) => d.length > 0 && !seen.has(d));
  return [loginPath, ...extra].join(':');
}
