import { readFileSync } from 'node:fs';
import path from 'node:path';

import { type ErrorCode, GatewayError } from '../../../src-shared/errors.js';

/**
 * What a stdio child may inherit from the gateway and which configured keys and arguments are
 * refused unless the server's `allow` list names them. Pure functions apart from reading the
 * files `node --env-file` would load, so the rules are unit-tested on every platform.
 */

/**
 * A start refused by the policy. `allow` holds what the user can add to the server's `allow`
 * list to run it anyway; the API shows it and the server page offers it as one click.
 */
export class RefusedByPolicyError extends GatewayError {
  readonly allow: readonly string[];
  constructor(code: ErrorCode, message: string, allow: readonly string[], field: string) {
    super(code, message, { field });
    this.allow = allow;
  }
}

function allowHint(server: string, keys: readonly string[]): string {
  return (
    `If you trust this server with ${keys.length > 1 ? 'them' : 'it'}, allow ${keys.length > 1 ? 'them' : 'it'}: ` +
    `add "allow": [${keys.map((k) => JSON.stringify(k)).join(', ')}] to mcpServers.${server} ` +
    `(or click Allow on the server's page, or run \`mcp-gateway servers allow ${server} ${keys.join(' ')}\`)`
  );
}

function isAllowed(key: string, allow: readonly string[] | undefined, caseInsensitive: boolean): boolean {
  return (allow ?? []).some((a) => (caseInsensitive ? a.toUpperCase() === key.toUpperCase() : a === key));
}

/** Inherited on POSIX, after the MCP SDK's sudo-like default, plus locale and temp/runtime dirs. */
const INHERITED_ENV_POSIX: readonly string[] = [
  'HOME',
  'LOGNAME',
  'PATH',
  'SHELL',
  'TERM',
  'USER',
  'LANG',
  'LANGUAGE',
  'TMPDIR',
  'XDG_RUNTIME_DIR',
];

/** Inherited on Windows (compared case-insensitively there). */
const INHERITED_ENV_WINDOWS: readonly string[] = [
  'APPDATA',
  'COMSPEC',
  'HOMEDRIVE',
  'HOMEPATH',
  'LOCALAPPDATA',
  'PATH',
  'PATHEXT',
  'PROCESSOR_ARCHITECTURE',
  'PROGRAMDATA',
  'PROGRAMFILES',
  'PROGRAMFILES(X86)',
  'PROGRAMW6432',
  'SYSTEMDRIVE',
  'SYSTEMROOT',
  'TEMP',
  'TMP',
  'USERNAME',
  'USERPROFILE',
  'WINDIR',
];

interface RefusalRule {
  exact: readonly string[];
  prefixes: readonly string[];
  why: string;
}

/** Keys that let a configured env hijack the child (reference §6). Upper-case; matched case-insensitively. */
const REFUSED_ENV: readonly RefusalRule[] = [
  {
    exact: ['GCONV_PATH', 'DOTNET_STARTUP_HOOKS', 'COR_PROFILER', 'CORECLR_PROFILER', 'ELECTRON_RUN_AS_NODE'],
    prefixes: ['LD_', 'DYLD_', 'CORECLR_PROFILER_', 'COR_PROFILER_'],
    why: 'it can hijack the server process',
  },
  {
    exact: [
      'NODE_OPTIONS',
      'NODE_PATH',
      'NODE_TLS_REJECT_UNAUTHORIZED',
      'NODE_EXTRA_CA_CERTS',
      'PYTHONPATH',
      'PYTHONHOME',
      'PYTHONSTARTUP',
      'PYTHONINSPECT',
      'PYTHONUSERBASE',
      'PYTHONBREAKPOINT',
      'PYTHONWARNINGS',
      'PERL5OPT',
      'PERL5LIB',
      'PERLLIB',
      'LUA_INIT',
      'RUBYOPT',
      'RUBYLIB',
      'JAVA_TOOL_OPTIONS',
      '_JAVA_OPTIONS',
      'JDK_JAVA_OPTIONS',
      'CLASSPATH',
    ],
    prefixes: [],
    why: "it makes the server's interpreter load or run other code",
  },
  {
    exact: ['BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'SHELLOPTS', 'PS4', 'IFS'],
    prefixes: ['BASH_FUNC_'],
    why: 'it makes shells started by the server run other commands',
  },
  {
    exact: [
      'GIT_SSH',
      'GIT_SSH_COMMAND',
      'GIT_ASKPASS',
      'GIT_EXTERNAL_DIFF',
      'GIT_CONFIG',
      'PIP_INDEX_URL',
      'PIP_EXTRA_INDEX_URL',
      'UV_INDEX_URL',
      'UV_EXTRA_INDEX_URL',
      'SSL_CERT_FILE',
      'CURL_CA_BUNDLE',
      'REQUESTS_CA_BUNDLE',
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'ALL_PROXY',
      'OPENSSL_CONF',
      'OPENSSL_MODULES',
    ],
    prefixes: ['NPM_CONFIG_', 'GIT_CONFIG_', 'LUA_INIT_'],
    why: 'it can redirect downloads, run other commands or weaken TLS checks',
  },
  {
    exact: ['SSLKEYLOGFILE'],
    prefixes: [],
    why: "it writes the server's TLS session keys to a file",
  },
  {
    exact: ['COMSPEC', 'PATHEXT'],
    prefixes: [],
    why: 'it changes which programs Windows runs',
  },
];

/** Why `key` is refused, or undefined when it is allowed. */
export function envKeyRefusal(key: string): string | undefined {
  const k = key.toUpperCase();
  for (const rule of REFUSED_ENV) {
    if (rule.exact.includes(k) || rule.prefixes.some((p) => k.startsWith(p))) {
      return rule.why;
    }
  }
  return undefined;
}

/**
 * Throws `ENV_KEY_REFUSED` naming every refused key of a server's env that its `allow` list
 * does not name; the message says how to allow them or remove them. `source` names a file the
 * keys come from (`node --env-file`).
 */
export function checkServerEnv(
  server: string,
  env: Readonly<Record<string, string>> | undefined,
  allow?: readonly string[],
  source?: string,
): void {
  const refused = Object.keys(env ?? {}).flatMap((key) => {
    const why = envKeyRefusal(key);
    return why !== undefined && !isAllowed(key, allow, true) ? [{ key, why }] : [];
  });
  const first = refused[0];
  if (first === undefined) {
    return;
  }
  const keys = refused.map((r) => r.key);
  const from = source !== undefined ? ` (set by ${source})` : '';
  const what =
    refused.length === 1
      ? `env key '${first.key}'${from} is refused: ${first.why}`
      : `env keys ${keys.map((k) => `'${k}'`).join(', ')}${from} are refused: ${[...new Set(refused.map((r) => r.why))].join('; ')}`;
  const remove = source !== undefined ? `from ${source}` : `from mcpServers.${server}.env`;
  throw new RefusedByPolicyError(
    'ENV_KEY_REFUSED',
    `${what}. ${allowHint(server, keys)}; otherwise remove ${refused.length > 1 ? 'them' : 'it'} ${remove}`,
    keys,
    source !== undefined ? `mcpServers.${server}.args` : `mcpServers.${server}.env.${first.key}`,
  );
}

/** The keys a dotenv file sets (`KEY=value`, `export KEY=value`); undefined when unreadable. */
function envFileKeys(file: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=/gm)) {
    out[m[1] ?? ''] = '';
  }
  return out;
}

/** Commands whose own options can inject code (`node -r x server.js`). */
const NODE_LIKE = /^(node|nodejs|bun)(\.exe)?$/i;
/** Interpreter options that take their value as the next argument, so the scan can skip it. */
const NODE_VALUE_OPTIONS = new Set([
  '-C',
  '--conditions',
  '--title',
  '--env-file',
  '--env-file-if-exists',
  '--input-type',
  '--stack-size',
]);
/** Options that load environment variables from a file, past the env check: their keys are checked. */
const ENV_FILE_OPTIONS = new Set(['--env-file', '--env-file-if-exists']);
const REFUSED_ARG =
  /^(--inspect(-brk|-port|-wait)?|-e|--eval|-p|--print|-pe|-r|--require|--import|--loader|--experimental-loader)$/;

function baseName(command: string): string {
  const parts = command.split(/[\\/]/);
  return parts[parts.length - 1] ?? command;
}

/**
 * Throws `ARG_REFUSED` when a node-like command is given an option that runs other code. Only the
 * interpreter's own options (those before the script) are checked: arguments after the script
 * belong to the server and may legitimately look like `-e`.
 */
export function checkServerArgs(
  server: string,
  command: string,
  args: readonly string[] | undefined,
  allow?: readonly string[],
  cwd?: string,
): void {
  if (!NODE_LIKE.test(baseName(command))) {
    return;
  }
  const list = args ?? [];
  for (let i = 0; i < list.length; i++) {
    const arg = list[i] ?? '';
    if (arg === '--' || !arg.startsWith('-')) {
      return;
    }
    const flag = arg.split('=', 1)[0] ?? arg;
    if (REFUSED_ARG.test(flag) && !isAllowed(flag, allow, false)) {
      throw new RefusedByPolicyError(
        'ARG_REFUSED',
        `argument '${arg}' is refused for '${baseName(command)}': it makes the interpreter run other code. ${allowHint(server, [flag])}; otherwise remove it from mcpServers.${server}.args`,
        [flag],
        `mcpServers.${server}.args.${i}`,
      );
    }
    const joined = arg.includes('=');
    if (ENV_FILE_OPTIONS.has(flag)) {
      // The file sets variables the env check never saw (NODE_OPTIONS=--require …): check them.
      const file = joined ? arg.slice(arg.indexOf('=') + 1) : (list[i + 1] ?? '');
      const keys = envFileKeys(path.resolve(cwd ?? process.cwd(), file));
      checkServerEnv(server, keys, allow, file);
    }
    if (NODE_VALUE_OPTIONS.has(flag) && !joined) {
      i += 1;
    }
  }
}

/**
 * The child's environment: the allow-listed part of the gateway's own environment, then the
 * server's configured env on top (already `${VAR}`-expanded and checked by `checkServerEnv`).
 * Bash function exports (`() {`) are never inherited.
 */
export function buildChildEnv(
  parent: Readonly<Record<string, string | undefined>>,
  configured: Readonly<Record<string, string>> | undefined,
  platform: NodeJS.Platform | string,
): Record<string, string> {
  const out: Record<string, string> = {};
  const inherit = (key: string, value: string | undefined) => {
    if (value !== undefined && !value.startsWith('()')) {
      out[key] = value;
    }
  };
  if (platform === 'win32') {
    const wanted = new Set(INHERITED_ENV_WINDOWS);
    for (const [key, value] of Object.entries(parent)) {
      if (wanted.has(key.toUpperCase())) {
        inherit(key, value);
      }
    }
  } else {
    for (const key of INHERITED_ENV_POSIX) {
      inherit(key, parent[key]);
    }
    for (const [key, value] of Object.entries(parent)) {
      if (key.startsWith('LC_')) {
        inherit(key, value);
      }
    }
  }
  for (const [key, value] of Object.entries(configured ?? {})) {
    if (platform === 'win32') {
      // Windows env keys are case-insensitive: drop an inherited `Path` before setting `PATH`.
      for (const existing of Object.keys(out)) {
        if (existing.toUpperCase() === key.toUpperCase()) {
          delete out[existing];
        }
      }
    }
    out[key] = value;
  }
  return out;
}
