import type { PlatformPath } from 'node:path';

import type { ServerConfig } from '../../../src-shared/config.js';

/** Platforms whose path rules the adapters know. Anything else is treated like Linux. */
export type ClientPlatform = 'darwin' | 'win32' | 'linux';

/** The environment variables an adapter may consult (HOME, APPDATA, XDG_CONFIG_HOME, ...). */
export type ClientEnv = Readonly<Record<string, string | undefined>>;

export type ConfigFormat = 'json' | 'jsonc' | 'yaml' | 'toml';

/**
 * How servers sit inside their container: a map keyed by name (most clients) or a list of
 * objects carrying a `name` field (Continue).
 */
export type ContainerKind = 'map' | 'list';

/**
 * - `user`: the client's own per-user file; the gateway entry goes here.
 * - `local`: private per-project sections in a user file (Claude Code's `projects.<path>`);
 *   servers can be removed from it after import, it never receives the gateway entry.
 * - `project`: files inside a project folder (often committed to git); read for import only.
 */
export type LocationScope = 'user' | 'local' | 'project';

/** One place where a client keeps MCP servers: a file plus the path of the container in it. */
export interface ClientLocation {
  /** Stable id within the client, e.g. `user`, `project:/home/me/app`, `profile:abc123`. */
  id: string;
  /** Absolute path of the file, in the target platform's path syntax. */
  file: string;
  format: ConfigFormat;
  /** Key path of the servers container inside the file. */
  container: readonly string[];
  containerKind: ContainerKind;
  scope: LocationScope;
  /** The project folder, for `local` and `project` scopes. */
  project?: string;
  /** Said of every server in this location (e.g. the client was never told to trust the project). */
  notes?: string[];
  /** Said of one server, by its name (e.g. the client was told not to run it). */
  entryNotes?: Record<string, string[]>;
  /** Shown to people: `user settings`, `profile "Work"`, `project ~/app`. */
  label: string;
  /**
   * Connect writes the gateway entry to every existing location with `connect: true`; when none
   * exists, to the first such candidate (creating the file).
   */
  connect: boolean;
}

/** What a client entry turned into when read. */
export type ReadEntry =
  | { name: string; raw: unknown; config: ServerConfig; notes: string[] }
  | { name: string; raw: unknown; config?: undefined; skipped: string };

/** Everything an adapter may use; no process globals. */
export interface AdapterContext {
  env: ClientEnv;
  platform: ClientPlatform;
  /** Home folder (HOME, or USERPROFILE on Windows). Undefined when neither is set. */
  home: string | undefined;
  /** `path.posix` or `path.win32`, matching `platform`. */
  path: PlatformPath;
  /** The gateway's Streamable HTTP endpoint, e.g. `http://127.0.0.1:7411/mcp`. */
  gatewayUrl: string;
  /** The command line that runs the stdio bridge, for stdio-only clients (`--url <gatewayUrl>` is appended). */
  bridge: { command: string; args: string[] };
  /** Name of the entry the gateway owns in every client file. */
  entryName: string;
  /**
   * The client's token, when connect writes one: HTTP clients get it as an `Authorization`
   * header, the stdio bridge the path of the owner-only file that holds it.
   */
  auth?: { token: string; tokenFile: string };
  /** Project folders to look in (Claude Code's known projects plus any passed in). */
  projectDirs: readonly string[];
  /** Lists a folder's entries (names only); empty when it does not exist. */
  listDir(dir: string): Promise<string[]>;
  exists(p: string): Promise<boolean>;
  /** Reads and parses a file that holds project lists (Claude Code's `~/.claude.json`). */
  readJson(p: string): Promise<unknown>;
}

/** One supported AI client. Adapters are pure descriptions; the manager does all I/O on files. */
export interface ClientAdapter {
  /** Stable id used in the API, the CLI and the backup index: `claude-desktop`, `cursor`, ... */
  readonly id: string;
  /** Product name shown to people. */
  readonly name: string;
  /** `http` when the client can reach the gateway's URL itself; `stdio` when it needs the bridge. */
  readonly transport: 'http' | 'stdio';
  /**
   * Client names this product sends in the MCP `initialize` handshake (`clientInfo.name`),
   * compared ignoring case, spaces, `-` and `_`; a trailing `*` matches any ending.
   */
  readonly handshakeNames: readonly string[];
  /** Folders whose existence means the client is installed (even without an MCP config yet). */
  installDirs(ctx: AdapterContext): string[];
  /** Candidate locations, existing or not. */
  locations(ctx: AdapterContext): Promise<ClientLocation[]>;
  /** Turn one entry of the client's dialect into the gateway's server shape. */
  read(name: string, raw: unknown, ctx: AdapterContext): ReadEntry;
  /** The gateway's own entry in this client's dialect. */
  gatewayEntry(ctx: AdapterContext): Record<string, unknown>;
  /** Whether an entry points at this gateway (any port on loopback counts as ours when it is our name). */
  pointsAtGateway(raw: unknown, ctx: AdapterContext): boolean;
  /** Where to look next, printed when nothing is found, and after connecting: how to reload. */
  readonly reloadHint: string;
}
