import { GatewayError } from '../../../src-shared/errors.js';

/**
 * What a stdio child may inherit from the gateway and which configured keys and arguments are
 * refused. Pure functions: no I/O, so the rules are unit-tested on every platform.
 */

/** Inherited on POSIX, after the MCP SDK's sudo-like default, plus locale and temp/runtime dirs. */
export const INHERITED_ENV_POSIX: readonly string[] = [
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
export const INHERITED_ENV_WINDOWS: readonly string[] = [
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
    exact: ['GCONV_PATH'],
    prefixes: ['LD_', 'DYLD_'],
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
      'GIT_SSH_COMMAND',
      'GIT_ASKPASS',
      'PIP_INDEX_URL',
      'UV_INDEX_URL',
      'SSL_CERT_FILE',
      'CURL_CA_BUNDLE',
      'REQUESTS_CA_BUNDLE',
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'ALL_PROXY',
      'OPENSSL_CONF',
      'OPENSSL_MODULES',
    ],
    prefixes: ['NPM_CONFIG_'],
    why: 'it can redirect downloads or weaken TLS checks',
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

/** Throws `ENV_KEY_REFUSED` for the first refused key of a server's configured env. */
export function checkServerEnv(server: string, env: Readonly<Record<string, string>> | undefined): void {
  for (const key of Object.keys(env ?? {})) {
    const why = envKeyRefusal(key);
    if (why !== undefined) {
      throw new GatewayError(
        'ENV_KEY_REFUSED',
        `env key '${key}' is refused: ${why}; remove it from mcpServers.${server}.env`,
        { field: `mcpServers.${server}.env.${key}` },
      );
    }
  }
}

/** Commands whose own options can inject code (`node -r x server.js`). */
const NODE_LIKE = /^(node|nodejs|bun)(\.exe)?$/i;
/** Interpreter options that take their value as the next argument, so the scan can skip it. */
const NODE_VALUE_OPTIONS = new Set([
  '-C',
  '--conditions',
  '--title',
  '--env-file',
  '--input-type',
  '--stack-size',
]);
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
export function checkServerArgs(server: string, command: string, args: readonly string[] | undefined): void {
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
    if (REFUSED_ARG.test(flag)) {
      throw new GatewayError(
        'ARG_REFUSED',
        `argument '${arg}' is refused for '${baseName(command)}': it makes the interpreter run other code; remove it from mcpServers.${server}.args`,
        { field: `mcpServers.${server}.args.${i}` },
      );
    }
    if (NODE_VALUE_OPTIONS.has(flag) && !arg.includes('=')) {
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
