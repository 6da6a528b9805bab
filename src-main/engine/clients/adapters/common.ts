import type { ServerConfig } from '../../../../src-shared/config.js';
import type { AdapterContext, ClientLocation, ConfigFormat, ReadEntry } from '../types.js';

/** Small readers for untrusted JSON/YAML/TOML values. */

export function obj(x: unknown): Record<string, unknown> | undefined {
  return x !== null && typeof x === 'object' && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : undefined;
}

export function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

export function strList(x: unknown): string[] | undefined {
  if (!Array.isArray(x)) {
    return undefined;
  }
  return x.map((v) => (typeof v === 'string' ? v : String(v)));
}

/** A string map; numbers and booleans (YAML/TOML) become strings, other values are dropped. */
export function strMap(x: unknown): Record<string, string> | undefined {
  const o = obj(x);
  if (o === undefined) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out[k] = String(v);
    }
  }
  return out;
}

/** First non-empty environment variable among `names`. */
export function envVar(ctx: AdapterContext, name: string): string | undefined {
  const v = ctx.env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** The per-user settings folder: Application Support / %APPDATA% / XDG config. */
export function appConfigDir(ctx: AdapterContext): string | undefined {
  if (ctx.platform === 'win32') {
    const appData = envVar(ctx, 'APPDATA');
    return appData ?? (ctx.home === undefined ? undefined : ctx.path.join(ctx.home, 'AppData', 'Roaming'));
  }
  if (ctx.platform === 'darwin') {
    return ctx.home === undefined ? undefined : ctx.path.join(ctx.home, 'Library', 'Application Support');
  }
  return xdgConfigHome(ctx);
}

/** `$XDG_CONFIG_HOME` when absolute (the spec ignores relative values), else `~/.config`. */
export function xdgConfigHome(ctx: AdapterContext): string | undefined {
  const xdg = envVar(ctx, 'XDG_CONFIG_HOME');
  if (xdg !== undefined && ctx.path.isAbsolute(xdg)) {
    return xdg;
  }
  return ctx.home === undefined ? undefined : ctx.path.join(ctx.home, '.config');
}

export function localAppData(ctx: AdapterContext): string | undefined {
  const v = envVar(ctx, 'LOCALAPPDATA');
  return v ?? (ctx.home === undefined ? undefined : ctx.path.join(ctx.home, 'AppData', 'Local'));
}

export function inHome(ctx: AdapterContext, ...parts: string[]): string | undefined {
  return ctx.home === undefined ? undefined : ctx.path.join(ctx.home, ...parts);
}

export function defined<T>(xs: ReadonlyArray<T | undefined>): T[] {
  return xs.filter((x): x is T => x !== undefined);
}

export function location(
  partial: Omit<ClientLocation, 'containerKind' | 'connect' | 'format'> & {
    format?: ConfigFormat;
    containerKind?: ClientLocation['containerKind'];
    connect?: boolean;
  },
): ClientLocation {
  return {
    format: 'json',
    containerKind: 'map',
    connect: partial.scope === 'user',
    ...partial,
  };
}

const TYPE_MAP: Readonly<Record<string, 'stdio' | 'http' | 'sse' | 'ws'>> = {
  stdio: 'stdio',
  http: 'http',
  'streamable-http': 'http',
  streamableHttp: 'http',
  streamable_http: 'http',
  streamablehttp: 'http',
  sse: 'sse',
  ws: 'ws',
  websocket: 'ws',
};

/** Launchers that are `.cmd` shims on Windows and so need `cmd /c` to be spawned. */
const CMD_LAUNCHERS = new Set([
  'npx',
  'npm',
  'pnpm',
  'pnpx',
  'yarn',
  'uvx',
  'uv',
  'bunx',
  'bun',
  'deno',
  'node-gyp',
  'tsx',
]);

export function needsCmdWrapper(command: string): boolean {
  const base = command.split(/[\\/]/).pop() ?? command;
  if (/\.(cmd|bat)$/i.test(base)) {
    return true;
  }
  return !/\.[a-z0-9]+$/i.test(base) && CMD_LAUNCHERS.has(base.toLowerCase());
}

/** On Windows, `.cmd` launchers are written as `cmd /c <launcher> ...` so clients can spawn them. */
export function windowsCommand(
  ctx: AdapterContext,
  command: string,
  args: string[],
): { command: string; args: string[] } {
  if (ctx.platform === 'win32' && needsCmdWrapper(command)) {
    return { command: 'cmd', args: ['/c', command, ...args] };
  }
  return { command, args };
}

/** `cmd /c npx ...` read from a Windows config becomes `npx ...`: the gateway runs launchers itself. */
export function unwrapCmd(
  command: string,
  args: string[],
): { command: string; args: string[]; unwrapped: boolean } {
  const base = (command.split(/[\\/]/).pop() ?? command).toLowerCase();
  const flag = args[0]?.toLowerCase();
  if ((base === 'cmd' || base === 'cmd.exe') && (flag === '/c' || flag === '/s') && args[1] !== undefined) {
    const rest = flag === '/s' && args[1].toLowerCase() === '/c' ? args.slice(2) : args.slice(1);
    const [cmd, ...more] = rest;
    if (cmd !== undefined) {
      return { command: cmd, args: more, unwrapped: true };
    }
  }
  return { command, args, unwrapped: false };
}

/** Compare URLs loosely: `localhost` = `127.0.0.1`, trailing slash ignored. */
export function sameUrl(a: string, b: string): boolean {
  const norm = (u: string): string => {
    try {
      const x = new URL(u);
      const host = x.hostname === 'localhost' || x.hostname === '[::1]' ? '127.0.0.1' : x.hostname;
      return `${x.protocol}//${host}:${x.port || (x.protocol === 'https:' ? '443' : '80')}${x.pathname.replace(/\/+$/, '')}`;
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}

export interface StandardReadOptions {
  /** Keys holding the remote URL, first match wins; with the transport each implies. */
  urlKeys?: ReadonlyArray<{ key: string; type?: 'http' | 'sse' }>;
  /** Transport of a URL entry without a type (Cline: SSE). Default: auto (HTTP, then SSE). */
  untypedUrl?: 'http' | 'sse';
  /** Key of a "disabled" boolean, or of an "enabled" boolean when `enabledKey` is set. */
  disabledKey?: string;
  enabledKey?: string;
  /** Field names of the client's own that are not carried over, with a note for each. */
  dropped?: Readonly<Record<string, string>>;
}

/**
 * `npx -y mcp-remote URL [--header "K: V"]... [--transport http-only|sse-only]` (or `mcp-remote`
 * run directly): a local stdio proxy that signs in to a remote server for a client that cannot.
 * Returns the remote server it stands for, or `undefined` for any other command.
 */
export function fromMcpRemote(cmd: {
  command: string;
  args: string[];
}): { url: string; type?: 'http' | 'sse'; headers?: Record<string, string> } | undefined {
  const base =
    cmd.command
      .replace(/\\/g, '/')
      .split('/')
      .pop()
      ?.replace(/\.(cmd|exe)$/i, '') ?? '';
  let args = cmd.args;
  if (base === 'npx' || base === 'pnpx' || base === 'bunx') {
    args = args.filter((a) => a !== '-y' && a !== '--yes');
    if (!/^mcp-remote(@[^/\s]+)?$/.test(args[0] ?? '')) {
      return undefined;
    }
    args = args.slice(1);
  } else if (base !== 'mcp-remote') {
    return undefined;
  }
  const url = args.find((a) => /^https?:\/\//i.test(a));
  if (url === undefined) {
    return undefined;
  }
  const headers: Record<string, string> = {};
  let type: 'http' | 'sse' | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const next = args[i + 1];
    if (a === '--header' && next !== undefined) {
      const at = next.indexOf(':');
      if (at > 0) {
        headers[next.slice(0, at).trim()] = next.slice(at + 1).trim();
      }
      i++;
    } else if (a === '--transport' && next !== undefined) {
      type = next === 'sse-only' ? 'sse' : next === 'http-only' ? 'http' : undefined;
      i++;
    }
  }
  return {
    url,
    ...(type !== undefined ? { type } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

type Entry = Record<string, unknown>;

/** An `mcp-remote` proxy's remote server, in place of the proxy. */
function readRemote(
  config: ServerConfig,
  remote: NonNullable<ReturnType<typeof fromMcpRemote>>,
  notes: string[],
) {
  // The client ran a local proxy that signed in for it; the gateway does that itself.
  config.url = remote.url;
  if (remote.type !== undefined) {
    config.type = remote.type;
  }
  if (remote.headers !== undefined) {
    config.headers = remote.headers;
  }
  notes.push(
    '"mcp-remote" replaced: the gateway connects to the URL itself and signs in once for every client',
  );
}

/** A command entry: the command (without a `cmd /c` wrapper), its arguments, env and folder. */
function readCommand(config: ServerConfig, o: Entry, command: string, notes: string[]): void {
  const unwrapped = unwrapCmd(command, strList(o.args) ?? []);
  config.command = unwrapped.command;
  if (unwrapped.args.length > 0) {
    config.args = unwrapped.args;
  }
  if (unwrapped.unwrapped) {
    notes.push('"cmd /c" removed: the gateway starts Windows launchers (npx, uvx) itself');
  }
  const env = strMap(o.env);
  if (env !== undefined && Object.keys(env).length > 0) {
    config.env = env;
  }
  const cwd = str(o.cwd);
  if (cwd !== undefined && cwd !== '') {
    config.cwd = cwd;
  }
}

/** A URL entry: the URL, its transport (the entry's type, the key's, or the client's default), headers. */
function readUrl(
  config: ServerConfig,
  o: Entry,
  hit: { key: string; type?: 'http' | 'sse' },
  type: 'stdio' | 'http' | 'sse' | undefined,
  options: StandardReadOptions,
): void {
  config.url = o[hit.key] as string;
  const t = type === 'http' || type === 'sse' ? type : (hit.type ?? options.untypedUrl);
  if (t !== undefined) {
    config.type = t;
  }
  const headers = strMap(o.headers) ?? strMap(obj(o.requestOptions)?.headers);
  if (headers !== undefined && Object.keys(headers).length > 0) {
    config.headers = headers;
  }
}

/** Disabled or enabled flags and the description, as the client spells them. */
function readFlags(config: ServerConfig, o: Entry, options: StandardReadOptions): void {
  if (options.disabledKey !== undefined && o[options.disabledKey] === true) {
    config.disabled = true;
  }
  if (options.enabledKey !== undefined && o[options.enabledKey] === false) {
    config.disabled = true;
  }
  const description = str(o.description);
  if (description !== undefined && description !== '') {
    config.description = description;
  }
}

/** What is not carried over (env files, header helpers, sign-in, the client's own fields) or needs a hand. */
function notesOf(o: Entry, options: StandardReadOptions, config: ServerConfig): string[] {
  const notes: string[] = [];
  if (o.envFile !== undefined) {
    notes.push('"envFile" is not imported: copy the variables it holds into the server\'s env');
  }
  if (o.headersHelper !== undefined) {
    notes.push('"headersHelper" is not imported: set the headers on the gateway server');
  }
  if (o.oauth !== undefined || o.auth !== undefined) {
    notes.push('OAuth settings are not imported: sign in again through the gateway');
  }
  for (const [key, why] of Object.entries(options.dropped ?? {})) {
    if (o[key] !== undefined) {
      notes.push(why);
    }
  }
  const all = JSON.stringify(config);
  if (/\$\{input:/.test(all)) {
    notes.push('uses VS Code ${input:...} prompts: give the gateway the real values (or ${secret:NAME})');
  }
  if (/\$\{(workspaceFolder|userHome|workspaceFolderBasename)/.test(all)) {
    notes.push('uses editor variables like ${workspaceFolder}: replace them with absolute paths');
  }
  return notes;
}

/**
 * The common "mcpServers" dialect (Claude, Cursor, Windsurf, Cline, LM Studio, Gemini, VS Code):
 * `command`/`args`/`env`/`cwd` or a URL with `headers` and an optional `type`.
 */
export function readStandard(name: string, raw: unknown, options: StandardReadOptions = {}): ReadEntry {
  const o = obj(raw);
  if (o === undefined) {
    return { name, raw, skipped: 'the entry is not an object' };
  }
  const notes: string[] = [];
  const typeRaw = str(o.type) ?? str(o.transportType);
  const type = typeRaw === undefined ? undefined : TYPE_MAP[typeRaw];
  if (typeRaw !== undefined && type === undefined) {
    return { name, raw, skipped: `unknown transport type "${typeRaw}"` };
  }
  if (type === 'ws') {
    return { name, raw, skipped: 'WebSocket servers are not supported by the gateway' };
  }
  const config: ServerConfig = {};
  const command = str(o.command);
  const urlKeys = options.urlKeys ?? [{ key: 'url' }];
  const urlHit = urlKeys.find((k) => typeof o[k.key] === 'string');
  const remote = command !== undefined ? fromMcpRemote(unwrapCmd(command, strList(o.args) ?? [])) : undefined;
  if (remote !== undefined) {
    readRemote(config, remote, notes);
  } else if (command !== undefined && command.trim() !== '') {
    readCommand(config, o, command, notes);
  } else if (urlHit !== undefined) {
    readUrl(config, o, urlHit, type, options);
  } else {
    return { name, raw, skipped: 'no command and no URL: nothing the gateway can start' };
  }
  readFlags(config, o, options);
  notes.push(...notesOf(o, options, config));
  return { name, raw, config, notes };
}

/** A URL entry points at the gateway when its URL is ours. */
export function urlPointsAtGateway(
  raw: unknown,
  ctx: AdapterContext,
  keys: readonly string[] = ['url'],
): boolean {
  const o = obj(raw);
  if (o === undefined) {
    return false;
  }
  return keys.some((k) => typeof o[k] === 'string' && sameUrl(o[k], ctx.gatewayUrl));
}

/** A stdio entry points at the gateway when it runs the bridge with our URL. */
export function bridgePointsAtGateway(raw: unknown, ctx: AdapterContext): boolean {
  const o = obj(raw);
  const args = strList(o?.args) ?? [];
  const i = args.indexOf('--url');
  const url = i >= 0 ? args[i + 1] : undefined;
  return url !== undefined && sameUrl(url, ctx.gatewayUrl);
}

/** Standard project locations (`<root>/<rel>`) for every known project folder. */
export function projectLocations(
  ctx: AdapterContext,
  rel: string[],
  container: string[],
  format: ConfigFormat = 'json',
): ClientLocation[] {
  return ctx.projectDirs.map((dir) =>
    location({
      id: `project:${dir}`,
      file: ctx.path.join(dir, ...rel),
      format,
      container,
      scope: 'project',
      project: dir,
      label: `project ${dir}`,
    }),
  );
}

/**
 * The client token as an `Authorization` header under `key` (the dialect's name for headers),
 * or nothing when connect has no token to write (client auth handled elsewhere, previews).
 */
export function authHeaders<K extends string = 'headers'>(
  ctx: AdapterContext,
  key: K = 'headers' as K,
): Partial<Record<K, Record<string, string>>> {
  if (ctx.auth === undefined) {
    return {};
  }
  return { [key]: { Authorization: `Bearer ${ctx.auth.token}` } } as unknown as Partial<
    Record<K, Record<string, string>>
  >;
}

/** For the stdio bridge: where it reads the client token (never the token itself on the command line). */
export function bridgeTokenArgs(ctx: AdapterContext): string[] {
  return ctx.auth === undefined ? [] : ['--token-file', ctx.auth.tokenFile];
}
