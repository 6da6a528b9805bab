/**
 * The client manager composes the parts of this module: scanning clients' files (`scan.ts`),
 * status reports (`client-status.ts`), import and connect plans (`import-plan.ts`,
 * `connect-plan.ts`) and writing them with backups (`client-writer.ts`). It owns what they
 * share: the adapter context, the client tokens connect writes, and one queue for every
 * change, so two requests never interleave their writes.
 */
import { readFile } from 'node:fs/promises';

import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { clientTokenFile, type TokenIssuer, writeClientTokenFile } from '../identity/index.js';
import type { Clock, Logger } from '../types.js';
import { ADAPTERS } from './adapters/index.js';
import { type BackupRecord, BackupStore } from './backups.js';
import {
  type ClientReport,
  clientReport,
  type ClientStatus,
  clientStatus,
  connectTargets,
  type StatusInput,
} from './client-status.js';
import {
  backupsFor,
  type ClientWriter,
  type ConnectResult,
  createClientWriter,
  type DisconnectPlan,
  type DisconnectResult,
  type RestoreResult,
} from './client-writer.js';
import { type ClientPlan, type ConnectOptions, planConnect, planDisconnect } from './connect-plan.js';
import {
  type ImportedServer,
  type ImportResult,
  type ImportSelection,
  type MergedServer,
  mergeScans,
  type NameConflict,
  planImport,
} from './import-plan.js';
import { createContext, normalisePlatform, scanClient, type ScannedClient } from './scan.js';
import type { AdapterContext, ClientAdapter, ClientEnv, ClientPlatform } from './types.js';

export interface ClientManagerOptions {
  /** Environment to resolve paths from (HOME, APPDATA, XDG_CONFIG_HOME, CODEX_HOME, ...). */
  env: ClientEnv;
  /** `process.platform` or a simulated one. */
  platform: string;
  /** The gateway's data folder; backups go to `<dataDir>/backups/`. */
  dataDir: string;
  /** The gateway's Streamable HTTP endpoint, e.g. `http://127.0.0.1:7411/mcp` (a function when the port can change). */
  gatewayUrl: string | (() => string);
  /**
   * The command line that runs the stdio bridge for stdio-only clients (Claude Desktop);
   * `--url <gatewayUrl>` is appended. Examples: `{ command: node, args: [cli.js, 'stdio'] }`, or the
   * desktop app's packaged `.../bridge/mcp-gateway-bridge` (`.cmd` on Windows) with no args.
   */
  bridgeCommand: { command: string; args?: string[] };
  logger: Logger;
  clock: Pick<Clock, 'now'>;
  /** Client names seen in MCP handshakes (`clientInfo.name`), for status. */
  seenClients?: () => string[];
  /** The gateway's current servers, to skip duplicates on import and find imported ones on connect. */
  gatewayServers?: () => Record<string, ServerConfig>;
  /** Default sink for `import()`: add the entries to the gateway config. */
  addServers?: (entries: ImportedServer[]) => Promise<void>;
  /** Extra project folders to look in (Claude Code's known projects are always added). */
  projectDirs?: string[];
  /** Name of the gateway's entry in client files (default `mcp-gateway`). */
  entryName?: string;
  /** Only these adapters (default: all). */
  adapters?: readonly ClientAdapter[];
  /** Test seam: runs right before each file write, after the plan was made. */
  beforeWrite?: (realPath: string) => Promise<void> | void;
  /**
   * Issues the client token `connect` writes into the client's config (a fresh one on every
   * connect). Without it, entries carry no token (for gateways with `clientAuth: "off"`).
   */
  tokens?: TokenIssuer;
}

export interface ClientManager {
  readonly adapters: readonly ClientAdapter[];
  /** `<dataDir>/backups`: backup copies and their `index.json`. */
  readonly backupsDir: string;
  /** Installed clients, their files and servers, merged servers and name conflicts. */
  detect(): Promise<DetectResult>;
  /** Turn chosen servers into gateway servers and hand them to `addServers`. */
  import(
    selection: ImportSelection,
    addServers?: (entries: ImportedServer[]) => Promise<void>,
  ): Promise<ImportResult>;
  /** The exact new text and a diff of every file connect would change. Writes nothing. */
  preview(client: string, options?: ConnectOptions): Promise<ClientPlan>;
  /** Point the client at the gateway (backup first, atomic, re-planned on concurrent change). */
  connect(client: string, options?: ConnectOptions): Promise<ConnectResult>;
  status(): Promise<ClientStatus[]>;
  /** Undo connect: restore the backup if untouched since, else remove our entry and re-add servers. */
  disconnect(client: string): Promise<DisconnectResult>;
  backups(): Promise<BackupRecord[]>;
  /** Put back original bytes: one backup id, every backup in force for a client, or `all`. */
  restore(target: string): Promise<RestoreResult>;
}

export interface DetectResult {
  clients: ClientReport[];
  servers: MergedServer[];
  conflicts: NameConflict[];
}

/** What previews show in place of the token that connect creates. */
const PREVIEW_AUTH = { token: '<a new client token, created on connect>', tokenFile: '' };

/** A client's token as written into its gateway entry. */
const TOKEN_PATTERN = /mcpgw_[A-Za-z0-9_-]{43}/;

/** What the manager's steps share. */
interface Parts {
  options: ClientManagerOptions;
  platform: ClientPlatform;
  adapters: readonly ClientAdapter[];
  entryName: string;
  store: BackupStore;
  writer: ClientWriter;
  log: Logger;
}

async function context(p: Parts, auth?: AdapterContext['auth']): Promise<AdapterContext> {
  const { options } = p;
  const ctx = await createContext({
    env: options.env,
    platform: p.platform,
    gatewayUrl: typeof options.gatewayUrl === 'function' ? options.gatewayUrl() : options.gatewayUrl,
    bridge: { command: options.bridgeCommand.command, args: options.bridgeCommand.args ?? [] },
    entryName: p.entryName,
    projectDirs: options.projectDirs ?? [],
  });
  return auth === undefined ? ctx : { ...ctx, auth };
}

function adapterOf(p: Parts, id: string): ClientAdapter {
  const a = p.adapters.find((x) => x.id === id);
  if (a === undefined) {
    throw new GatewayError(
      'CLIENT_NOT_FOUND',
      `unknown client "${id}": use one of ${p.adapters.map((x) => x.id).join(', ')}`,
    );
  }
  return a;
}

/** Every client scanned with one context, and what their status needs beside the scans. */
async function scanAll(p: Parts): Promise<{ scans: ScannedClient[]; input: StatusInput }> {
  const ctx = await context(p);
  const scans: ScannedClient[] = [];
  for (const a of p.adapters) {
    scans.push(await scanClient(a, ctx));
  }
  const active = (await p.store.list()).filter((r) => r.restoredAt === null);
  return { scans, input: { ctx, active, handshakeNames: p.options.seenClients?.() ?? [] } };
}

async function planConnectFor(
  p: Parts,
  adapter: ClientAdapter,
  opts: ConnectOptions,
  auth?: AdapterContext['auth'],
): Promise<ClientPlan> {
  const ctx = await context(p, auth);
  return planConnect(await scanClient(adapter, ctx), {
    ctx,
    entryName: p.entryName,
    options: opts,
    gatewayServers: p.options.gatewayServers?.(),
  });
}

async function planDisconnectFor(p: Parts, adapter: ClientAdapter): Promise<DisconnectPlan> {
  const scan = await scanClient(adapter, await context(p));
  const records = (await p.store.list()).filter((r) => r.client === adapter.id && r.restoredAt === null);
  return { plan: planDisconnect(scan, records), records };
}

/** The token in the client's gateway entry (or its bridge's token file), if any. */
async function currentToken(
  p: Parts,
  adapter: ClientAdapter,
  tokenFile: string,
): Promise<string | undefined> {
  if (adapter.transport === 'stdio') {
    try {
      return (await readFile(tokenFile, 'utf8')).trim() || undefined;
    } catch {
      return undefined;
    }
  }
  const s = await scanClient(adapter, await context(p));
  for (const t of connectTargets(s)) {
    const own = t.entries.find((e) => e.name === p.entryName);
    const m = own === undefined ? null : TOKEN_PATTERN.exec(JSON.stringify(own.raw));
    if (m !== null) {
      return m[0];
    }
  }
  return undefined;
}

/** A fresh token for the client (its stdio bridge gets it in an owner-only file). */
async function issueAuth(
  p: Parts,
  adapter: ClientAdapter,
  opts: ConnectOptions,
): Promise<AdapterContext['auth']> {
  const tokens = p.options.tokens;
  if (tokens?.enabled() !== true) {
    return undefined;
  }
  // Plan once first: a client that cannot be connected gets no token.
  await planConnectFor(p, adapter, opts, PREVIEW_AUTH);
  const tokenFile = clientTokenFile(p.options.dataDir, adapter.id);
  // A client connected before keeps a token the gateway still accepts (connect stays idempotent).
  const current = await currentToken(p, adapter, tokenFile);
  if (current !== undefined && (await tokens.knows(current))) {
    return { token: current, tokenFile };
  }
  const token = await tokens.issue(adapter.id);
  if (adapter.transport === 'stdio') {
    await writeClientTokenFile(tokenFile, token);
  }
  p.log.info('client token issued', { client: adapter.id });
  return { token, tokenFile };
}

async function connect(p: Parts, client: string, opts: ConnectOptions = {}): Promise<ConnectResult> {
  const adapter = adapterOf(p, client);
  const auth = await issueAuth(p, adapter, opts);
  return p.writer.connect(adapter, () => planConnectFor(p, adapter, opts, auth));
}

async function importServers(
  p: Parts,
  selection: ImportSelection,
  sink?: (entries: ImportedServer[]) => Promise<void>,
): Promise<ImportResult> {
  const { scans } = await scanAll(p);
  const existing = p.options.gatewayServers?.() ?? {};
  const result = planImport(mergeScans(scans, existing).servers, selection, existing);
  const target = sink ?? p.options.addServers;
  if (result.added.length > 0) {
    if (target === undefined) {
      throw new GatewayError(
        'UNAVAILABLE',
        'importing needs the gateway config: start the gateway (`mcp-gateway serve`) and try again',
      );
    }
    await target(result.added);
    p.log.info('servers imported from clients', { servers: result.added.map((a) => a.name) });
  }
  return result;
}

/** File changes run one at a time, so two requests never interleave their writes. */
function createQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
}

export function createClientManager(options: ClientManagerOptions): ClientManager {
  const store = new BackupStore(options.dataDir, () => options.clock.now());
  const log = options.logger.child({ component: 'clients' });
  const p: Parts = {
    options,
    platform: normalisePlatform(options.platform),
    adapters: options.adapters ?? ADAPTERS,
    entryName: options.entryName ?? 'mcp-gateway',
    store,
    log,
    writer: createClientWriter({
      store,
      logger: log,
      now: () => options.clock.now(),
      ...(options.beforeWrite !== undefined ? { beforeWrite: options.beforeWrite } : {}),
    }),
  };
  const exclusive = createQueue();
  return {
    adapters: p.adapters,
    backupsDir: store.dir,
    async detect() {
      const { scans, input } = await scanAll(p);
      const { servers, conflicts } = mergeScans(scans, options.gatewayServers?.() ?? {});
      return { clients: scans.map((s) => clientReport(s, input)), servers, conflicts };
    },
    import: (selection, addServers) => exclusive(() => importServers(p, selection, addServers)),
    async preview(client, opts = {}) {
      const auth = options.tokens?.enabled() === true ? PREVIEW_AUTH : undefined;
      return planConnectFor(p, adapterOf(p, client), opts, auth);
    },
    connect: (client, opts) => exclusive(() => connect(p, client, opts)),
    async status() {
      const { scans, input } = await scanAll(p);
      return scans.map((s) => clientStatus(s, input));
    },
    disconnect: (client) =>
      exclusive(async () => {
        const adapter = adapterOf(p, client);
        return p.writer.disconnect(adapter, () => planDisconnectFor(p, adapter));
      }),
    backups: () => store.list(),
    restore: (target) =>
      exclusive(async () => {
        const ids = p.adapters.map((a) => a.id);
        return p.writer.restore(backupsFor(target, await store.list(), ids));
      }),
  };
}
