import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';

import { createTwoFilesPatch } from 'diff';

import {
  type PendingApproval,
  pendingApproval,
  SERVER_NAME_PATTERN,
  type ServerConfig,
  ServerConfigSchema,
  type ServerOrigin,
} from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';
import { clientTokenFile, type TokenIssuer, writeClientTokenFile } from '../identity/index.js';
import type { Clock, Logger } from '../types.js';
import { ADAPTERS } from './adapters/index.js';
import { type BackupRecord, BackupStore, type RemovedEntry } from './backups.js';
import { currentHash, encodeText, readSnapshot, sha256, writeAtomic } from './files.js';
import { editConfigText, type EntryOp } from './formats/index.js';
import {
  createContext,
  gatewayName,
  looksLikeOurEntry,
  normalisePlatform,
  scanClient,
  type ScannedClient,
  type ScannedEntry,
  type ScannedFile,
  serverId,
  serverKey,
} from './scan.js';
import { findSecrets, type SecretFlag } from './secrets.js';
import type { AdapterContext, ClientAdapter, ClientEnv, ClientLocation, LocationScope } from './types.js';

// ---------------------------------------------------------------- public shapes

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

export interface DetectedServer {
  /** Same id for the same server (command line or URL) wherever it appears. */
  id: string;
  name: string;
  location: string;
  config: ServerConfig | undefined;
  /** Why it cannot be imported (built-in extension, WebSocket, ...). */
  skipped: string | undefined;
  notes: string[];
  secrets: SecretFlag[];
}

export interface ClientFileReport {
  location: string;
  label: string;
  file: string;
  format: ClientLocation['format'];
  scope: LocationScope;
  exists: boolean;
  /** Why the file cannot be used; such a file is never written. */
  problem: { message: string; line?: number; column?: number } | undefined;
  /** Connect writes the gateway entry here. */
  connectTarget: boolean;
  /** An entry here points at the gateway. */
  hasGatewayEntry: boolean;
  servers: DetectedServer[];
}

export interface ClientStatus {
  id: string;
  name: string;
  transport: 'http' | 'stdio';
  installed: boolean;
  hasConfig: boolean;
  /** Every file that receives the gateway entry has one pointing at this gateway. */
  connected: boolean;
  /** The gateway has seen this client in an MCP handshake. */
  seen: boolean;
  /** Backups in force (the client was changed by connect and not yet restored). */
  backups: number;
  reloadHint: string;
}

export interface ClientReport extends ClientStatus {
  files: ClientFileReport[];
}

export interface ServerSource {
  client: string;
  location: string;
  file: string;
  name: string;
  scope: LocationScope;
  /** The project folder, for `local` and `project` scopes. */
  project?: string;
}

export interface MergedServer {
  id: string;
  /** Name to import under: unique among detected servers and valid for the gateway. */
  suggestedName: string;
  config: ServerConfig;
  sources: ServerSource[];
  /**
   * The most trusted scope it was found in: `user` when any client has it in its own settings;
   * `local`/`project` when only a project's file has it. Such servers are imported only when
   * picked by name or id, never by "all", and wait for the user's approval before they run.
   */
  scope: LocationScope;
  /** The project folder of its most trusted source, when that is project-scoped. */
  project: string | undefined;
  secrets: SecretFlag[];
  notes: string[];
  /** Already in the gateway (same command line or URL). */
  inGateway: string | undefined;
  /** Definitions differ between sources (env, headers, ...): the first is used. */
  variants: number;
}

export interface NameConflict {
  name: string;
  /** Servers that use this name with different definitions. */
  ids: string[];
}

export interface DetectResult {
  clients: ClientReport[];
  servers: MergedServer[];
  conflicts: NameConflict[];
}

export interface ImportSelection {
  /** Merged server ids from `detect()`. */
  ids: string[];
  /** Optional new names, by id. */
  names?: Record<string, string>;
}

export interface ImportedServer {
  name: string;
  config: ServerConfig;
  secrets: SecretFlag[];
  notes: string[];
  sources: MergedServer['sources'];
  /** What it waits for before it runs (a project's server, `${VAR}` references). */
  approval?: PendingApproval;
}

export interface ImportResult {
  added: ImportedServer[];
  skipped: Array<{ id: string; name?: string; reason: string }>;
}

export interface ConnectOptions {
  /**
   * Remove servers from the client's own files: `true` removes those the gateway now serves
   * (same command line or URL), a list removes those names. Project files are never touched.
   */
  removeImported?: boolean | string[];
}

export interface FileAction {
  location: string;
  op: 'add-gateway' | 'update-gateway' | 'remove-gateway' | 'remove-server' | 'restore-server';
  name: string;
}

export interface FilePlan {
  file: string;
  realPath: string;
  format: ClientLocation['format'];
  exists: boolean;
  /** sha256 of the bytes the plan was made from (null: the file did not exist). */
  baseSha256: string | null;
  before: string;
  after: string;
  /** Unified diff of before → after. */
  diff: string;
  changed: boolean;
  actions: FileAction[];
  removed: RemovedEntry[];
  bom: boolean;
}

export interface ClientPlan {
  client: string;
  name: string;
  files: FilePlan[];
  changed: boolean;
  warnings: string[];
  reloadHint: string;
}

export interface ConnectResult {
  client: string;
  /** The plan that was written (re-made when a file changed under us). */
  plan: ClientPlan;
  files: Array<{ file: string; changed: boolean; backupId: string | undefined }>;
  /** How many times a file changed between reading and writing and the change was re-planned. */
  replanned: number;
  reloadHint: string;
}

export interface DisconnectResult {
  client: string;
  files: Array<{ file: string; action: 'restored' | 'edited' | 'unchanged' | 'failed'; message?: string }>;
  reloadHint: string;
}

export interface RestoreResult {
  restored: Array<{ id: string; client: string; file: string; result: 'restored' | 'unchanged' }>;
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

const MAX_REPLANS = 5;

/** Lower is more trusted: a client's own settings, then a project's private entries, then its files. */
const SCOPE_TRUST: Readonly<Record<LocationScope, number>> = { user: 0, local: 1, project: 2 };

/** `Visual Studio Code`, `visual-studio-code` and `Visual_Studio_Code` are the same client. */
function handshakeKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '-');
}

// ---------------------------------------------------------------- implementation

export function createClientManager(options: ClientManagerOptions): ClientManager {
  const platform = normalisePlatform(options.platform);
  const adapters = options.adapters ?? ADAPTERS;
  const entryName = options.entryName ?? 'mcp-gateway';
  const store = new BackupStore(options.dataDir, () => options.clock.now());
  const log = options.logger.child({ component: 'clients' });
  let chain: Promise<unknown> = Promise.resolve();

  /** File changes run one at a time, so two requests never interleave their writes. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  }

  async function context(auth?: AdapterContext['auth']): Promise<AdapterContext> {
    const ctx = await createContext({
      env: options.env,
      platform,
      gatewayUrl: typeof options.gatewayUrl === 'function' ? options.gatewayUrl() : options.gatewayUrl,
      bridge: { command: options.bridgeCommand.command, args: options.bridgeCommand.args ?? [] },
      entryName,
      projectDirs: options.projectDirs ?? [],
    });
    return auth === undefined ? ctx : { ...ctx, auth };
  }

  /** What previews show in place of the token that connect creates. */
  const PREVIEW_AUTH = { token: '<a new client token, created on connect>', tokenFile: '' };

  function adapterOf(id: string): ClientAdapter {
    const a = adapters.find((x) => x.id === id);
    if (a === undefined) {
      throw new GatewayError(
        'CLIENT_NOT_FOUND',
        `unknown client "${id}": use one of ${adapters.map((x) => x.id).join(', ')}`,
      );
    }
    return a;
  }

  function seen(adapter: ClientAdapter): boolean {
    const names = (options.seenClients?.() ?? []).map(handshakeKey);
    return adapter.handshakeNames.some((pattern) => {
      const key = handshakeKey(pattern.replace(/\*$/, ''));
      return pattern.endsWith('*') ? names.some((n) => n.startsWith(key)) : names.includes(key);
    });
  }

  function gatewayServers(): Record<string, ServerConfig> {
    return options.gatewayServers?.() ?? {};
  }

  function detected(e: ScannedEntry): DetectedServer {
    const config = e.read.config;
    return {
      id: config === undefined ? '' : serverId(config),
      name: e.name,
      location: e.location.id,
      config,
      skipped: e.read.config === undefined ? e.read.skipped : undefined,
      notes: e.read.config === undefined ? [] : e.read.notes,
      secrets: config === undefined ? [] : findSecrets(config),
    };
  }

  function connectTargets(scan: ScannedClient): ScannedClient['locations'] {
    const candidates = scan.locations.filter((l) => l.location.connect);
    const existing = candidates.filter((l) => l.file.snapshot.exists);
    if (existing.length > 0) {
      return existing;
    }
    return candidates.slice(0, 1);
  }

  function statusOf(scan: ScannedClient, active: BackupRecord[]): ClientStatus {
    const a = scan.adapter;
    const targets = connectTargets(scan);
    const connected =
      targets.length > 0 &&
      targets.every((t) => t.entries.some((e) => e.isGateway && a.pointsAtGateway(e.raw, scanCtx(scan))));
    return {
      id: a.id,
      name: a.name,
      transport: a.transport,
      installed: scan.installed,
      hasConfig: scan.locations.some((l) => l.file.snapshot.exists),
      connected,
      seen: seen(a),
      backups: active.filter((r) => r.client === a.id).length,
      reloadHint: a.reloadHint,
    };
  }

  // The context a scan was made with (kept beside the scan so status uses the same gateway URL).
  const scanContexts = new WeakMap<ScannedClient, AdapterContext>();
  function scanCtx(scan: ScannedClient): AdapterContext {
    const c = scanContexts.get(scan);
    if (c === undefined) {
      throw new Error('scan without context');
    }
    return c;
  }

  async function scan(adapter: ClientAdapter, ctx: AdapterContext): Promise<ScannedClient> {
    const s = await scanClient(adapter, ctx);
    scanContexts.set(s, ctx);
    return s;
  }

  async function scanAll(): Promise<ScannedClient[]> {
    const ctx = await context();
    const out: ScannedClient[] = [];
    for (const a of adapters) {
      out.push(await scan(a, ctx));
    }
    return out;
  }

  function report(s: ScannedClient, active: BackupRecord[]): ClientReport {
    const targets = new Set(connectTargets(s).map((t) => t.location.id));
    return {
      ...statusOf(s, active),
      files: s.locations
        .filter((l) => l.file.snapshot.exists || l.location.connect)
        .map((l) => ({
          location: l.location.id,
          label: l.location.label,
          file: l.location.file,
          format: l.location.format,
          scope: l.location.scope,
          exists: l.file.snapshot.exists,
          problem: l.file.problem,
          connectTarget: targets.has(l.location.id),
          hasGatewayEntry: l.entries.some((e) => e.isGateway),
          servers: l.entries.filter((e) => !e.isGateway).map(detected),
        })),
    };
  }

  function merge(scans: ScannedClient[]): { servers: MergedServer[]; conflicts: NameConflict[] } {
    const byId = new Map<string, MergedServer>();
    const gw = Object.entries(gatewayServers());
    for (const s of scans) {
      for (const l of s.locations) {
        for (const e of l.entries) {
          const config = e.read.config;
          if (e.isGateway || config === undefined) {
            continue;
          }
          const id = serverId(config);
          const source: ServerSource = {
            client: s.adapter.id,
            location: l.location.id,
            file: l.location.file,
            name: e.name,
            scope: l.location.scope,
            ...(l.location.project !== undefined ? { project: l.location.project } : {}),
          };
          const have = byId.get(id);
          if (have !== undefined) {
            have.sources.push(source);
            if (SCOPE_TRUST[source.scope] < SCOPE_TRUST[have.scope]) {
              have.scope = source.scope;
              have.project = source.project;
            }
            if (!isDeepStrictEqual(have.config, config)) {
              have.variants++;
            }
            continue;
          }
          const inGateway = gw.find(([, c]) => serverKey(c) === serverKey(config))?.[0];
          byId.set(id, {
            id,
            suggestedName: gatewayName(e.name),
            config,
            sources: [source],
            scope: source.scope,
            project: source.project,
            secrets: findSecrets(config),
            notes: e.read.config === undefined ? [] : [...e.read.notes],
            inGateway,
            variants: 1,
          });
        }
      }
    }
    const servers = [...byId.values()];
    const byName = new Map<string, MergedServer[]>();
    for (const m of servers) {
      byName.set(m.suggestedName, [...(byName.get(m.suggestedName) ?? []), m]);
    }
    const conflicts: NameConflict[] = [];
    const taken = new Set(servers.map((m) => m.suggestedName));
    for (const [name, group] of byName) {
      if (group.length < 2) {
        continue;
      }
      conflicts.push({ name, ids: group.map((m) => m.id) });
      // The first keeps the name; the others get the client's id as a suffix.
      for (const m of group.slice(1)) {
        m.suggestedName = uniqueName(`${name}-${m.sources[0]?.client ?? 'other'}`, taken);
        taken.add(m.suggestedName);
      }
    }
    return { servers, conflicts };
  }

  function uniqueName(base: string, taken: Set<string>): string {
    const b = gatewayName(base).slice(0, 44);
    if (!taken.has(b)) {
      return b;
    }
    for (let i = 2; i < 1000; i++) {
      const n = `${b}-${i}`;
      if (!taken.has(n)) {
        return n;
      }
    }
    throw new GatewayError('SERVER_EXISTS', `no free name for ${base}`);
  }

  // ---------------------------------------------------------------- planning

  interface PendingFile {
    scanned: ScannedFile;
    file: string;
    groups: Array<{ location: ClientLocation; ops: EntryOp[] }>;
    actions: FileAction[];
    removed: RemovedEntry[];
  }

  function pendingFor(map: Map<string, PendingFile>, l: ScannedClient['locations'][number]): PendingFile {
    const key = l.file.snapshot.realPath;
    let p = map.get(key);
    if (p === undefined) {
      p = { scanned: l.file, file: l.location.file, groups: [], actions: [], removed: [] };
      map.set(key, p);
    }
    return p;
  }

  function addOp(p: PendingFile, location: ClientLocation, op: EntryOp): void {
    let g = p.groups.find((x) => x.location.id === location.id);
    if (g === undefined) {
      g = { location, ops: [] };
      p.groups.push(g);
    }
    g.ops.push(op);
  }

  function unparseable(file: string, problem: ScannedFile['problem']): GatewayError {
    const where = problem?.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column ?? 1})`;
    return new GatewayError(
      'CLIENT_CONFIG_UNPARSEABLE',
      `${file} cannot be read: ${problem?.message ?? 'unknown problem'}${where}. Fix the file by hand and try again; it was not changed.`,
    );
  }

  function finish(adapter: ClientAdapter, pending: Map<string, PendingFile>, warnings: string[]): ClientPlan {
    const files: FilePlan[] = [];
    for (const [realPath, p] of pending) {
      const before = p.scanned.snapshot.text ?? '';
      let after = before;
      for (const g of p.groups) {
        try {
          after = editConfigText(
            g.location.format,
            after,
            g.location.container,
            g.location.containerKind,
            g.ops,
          );
        } catch (e) {
          throw new GatewayError('CONFIG_WRITE_FAILED', `${p.file}: ${errorText(e)}`, { cause: e });
        }
      }
      const changed = after !== before || (!p.scanned.snapshot.exists && p.actions.length > 0);
      files.push({
        file: p.file,
        realPath,
        format: p.scanned.format,
        exists: p.scanned.snapshot.exists,
        baseSha256: p.scanned.snapshot.sha256 ?? null,
        before,
        after,
        diff: changed
          ? createTwoFilesPatch(
              p.file,
              p.file,
              before,
              after,
              p.scanned.snapshot.exists ? 'current' : '(new file)',
              'with the gateway',
            )
          : '',
        changed,
        actions: p.actions,
        removed: p.removed,
        bom: p.scanned.snapshot.bom,
      });
    }
    return {
      client: adapter.id,
      name: adapter.name,
      files,
      changed: files.some((f) => f.changed),
      warnings,
      reloadHint: adapter.reloadHint,
    };
  }

  async function planConnect(
    adapter: ClientAdapter,
    opts: ConnectOptions,
    auth?: AdapterContext['auth'],
  ): Promise<ClientPlan> {
    const ctx = await context(auth);
    const s = await scan(adapter, ctx);
    if (!s.installed) {
      throw new GatewayError(
        'CLIENT_NOT_FOUND',
        `${adapter.name} does not seem to be installed here (none of its folders exist)`,
      );
    }
    const targets = connectTargets(s);
    if (targets.length === 0) {
      throw new GatewayError(
        'CLIENT_NOT_FOUND',
        `no config file location is known for ${adapter.name} on this system`,
      );
    }
    const warnings: string[] = [];
    const pending = new Map<string, PendingFile>();
    const desired = adapter.gatewayEntry(ctx);
    for (const t of targets) {
      if (t.file.problem !== undefined) {
        throw unparseable(t.location.file, t.file.problem);
      }
      const p = pendingFor(pending, t);
      const own = t.entries.find((e) => e.name === entryName);
      const other = t.entries.find((e) => e.name !== entryName && adapter.pointsAtGateway(e.raw, ctx));
      if (own !== undefined) {
        if (isDeepStrictEqual(own.raw, desired)) {
          continue;
        }
        if (!own.isGateway && !looksLikeOurEntry(own.raw)) {
          throw new GatewayError(
            'SERVER_EXISTS',
            `${t.location.file} already has a server named "${entryName}" that is not this gateway: rename it there, then connect again`,
          );
        }
        addOp(p, t.location, { op: 'set', name: entryName, value: desired });
        p.actions.push({ location: t.location.id, op: 'update-gateway', name: entryName });
      } else if (other !== undefined) {
        warnings.push(`${t.location.file}: already connected through the entry "${other.name}"`);
      } else {
        addOp(p, t.location, { op: 'set', name: entryName, value: desired });
        p.actions.push({ location: t.location.id, op: 'add-gateway', name: entryName });
      }
    }
    const remove = opts.removeImported ?? false;
    if (remove !== false) {
      const gwKeys = new Set(Object.values(gatewayServers()).map(serverKey));
      for (const l of s.locations) {
        if (l.location.scope === 'project' || !l.file.snapshot.exists) {
          continue;
        }
        if (l.file.problem !== undefined) {
          warnings.push(
            `${l.location.file} cannot be read (${l.file.problem.message}); its servers were left in place`,
          );
          continue;
        }
        for (const e of l.entries) {
          if (e.isGateway) {
            continue;
          }
          const chosen = Array.isArray(remove)
            ? remove.includes(e.name)
            : e.read.config !== undefined && gwKeys.has(serverKey(e.read.config));
          if (!chosen) {
            continue;
          }
          const p = pendingFor(pending, l);
          addOp(p, l.location, { op: 'delete', name: e.name });
          p.actions.push({ location: l.location.id, op: 'remove-server', name: e.name });
          p.removed.push({
            container: [...l.location.container],
            containerKind: l.location.containerKind,
            name: e.name,
            raw: e.raw,
          });
        }
      }
      if (remove === true && options.gatewayServers === undefined) {
        warnings.push(
          "the gateway's server list is not available, so no servers were removed from the client",
        );
      }
    }
    return finish(adapter, pending, warnings);
  }

  async function planDisconnect(
    adapter: ClientAdapter,
  ): Promise<{ plan: ClientPlan; records: BackupRecord[] }> {
    const ctx = await context();
    const s = await scan(adapter, ctx);
    const records = (await store.list()).filter((r) => r.client === adapter.id && r.restoredAt === null);
    const pending = new Map<string, PendingFile>();
    const warnings: string[] = [];
    for (const l of s.locations) {
      if (l.location.scope === 'project' || !l.file.snapshot.exists) {
        continue;
      }
      const rec = records.find((r) => r.realPath === l.file.snapshot.realPath);
      if (rec !== undefined && l.file.snapshot.sha256 === rec.writtenSha256) {
        // Untouched since our write: the backup will be restored as a whole.
        continue;
      }
      if (l.file.problem !== undefined) {
        if (l.entries.length > 0 || rec !== undefined) {
          warnings.push(
            `${l.location.file} cannot be read (${l.file.problem.message}); it was left as it is`,
          );
        }
        continue;
      }
      for (const e of l.entries) {
        if (e.isGateway) {
          const p = pendingFor(pending, l);
          addOp(p, l.location, { op: 'delete', name: e.name });
          p.actions.push({ location: l.location.id, op: 'remove-gateway', name: e.name });
        }
      }
      for (const r of rec?.removed ?? []) {
        const sameContainer = isDeepStrictEqual(r.container, [...l.location.container]);
        const present = l.entries.some((e) => e.name === r.name);
        if (sameContainer && !present && r.raw !== null && typeof r.raw === 'object') {
          const p = pendingFor(pending, l);
          addOp(p, l.location, { op: 'set', name: r.name, value: r.raw as Record<string, unknown> });
          p.actions.push({ location: l.location.id, op: 'restore-server', name: r.name });
        }
      }
    }
    return { plan: finish(adapter, pending, warnings), records };
  }

  // ---------------------------------------------------------------- writing

  /**
   * Write one planned file: the bytes on disk must still be the ones the plan was made from;
   * the original is backed up before the first write. Returns false when the file changed.
   */
  async function writePlanned(
    client: string,
    f: FilePlan,
  ): Promise<{ ok: false } | { ok: true; backupId: string }> {
    await options.beforeWrite?.(f.realPath);
    const snap = await readSnapshot(f.file);
    if ((snap.sha256 ?? null) !== f.baseSha256) {
      return { ok: false };
    }
    const record = await store.ensure(client, snap);
    const bytes = encodeText(f.after, f.bom);
    // Last look right before the rename keeps the window for a lost update as small as it can be.
    if (((await currentHash(snap.realPath)) ?? null) !== f.baseSha256) {
      return { ok: false };
    }
    await writeAtomic(snap.realPath, bytes);
    await store.update(record.id, (r) => {
      r.writtenSha256 = sha256(bytes);
      r.removed.push(...f.removed);
    });
    log.info('client config written', {
      client,
      file: f.file,
      actions: f.actions.map((a) => `${a.op}:${a.name}`),
    });
    return { ok: true, backupId: record.id };
  }

  /** The token in the client's gateway entry (or its bridge's token file), if any. */
  async function currentToken(adapter: ClientAdapter, tokenFile: string): Promise<string | undefined> {
    if (adapter.transport === 'stdio') {
      try {
        return (await readFile(tokenFile, 'utf8')).trim() || undefined;
      } catch {
        return undefined;
      }
    }
    const s = await scan(adapter, await context());
    for (const t of connectTargets(s)) {
      const own = t.entries.find((e) => e.name === entryName);
      const m = own === undefined ? null : /mcpgw_[A-Za-z0-9_-]{43}/.exec(JSON.stringify(own.raw));
      if (m !== null) {
        return m[0];
      }
    }
    return undefined;
  }

  /** A fresh token for the client (its stdio bridge gets it in an owner-only file). */
  async function issueAuth(adapter: ClientAdapter, opts: ConnectOptions): Promise<AdapterContext['auth']> {
    if (options.tokens?.enabled() !== true) {
      return undefined;
    }
    // Plan once first: a client that cannot be connected gets no token.
    await planConnect(adapter, opts, PREVIEW_AUTH);
    const tokenFile = clientTokenFile(options.dataDir, adapter.id);
    // A client connected before keeps a token the gateway still accepts (connect stays idempotent).
    const current = await currentToken(adapter, tokenFile);
    if (current !== undefined && (await options.tokens.knows(current))) {
      return { token: current, tokenFile };
    }
    const token = await options.tokens.issue(adapter.id);
    if (adapter.transport === 'stdio') {
      await writeClientTokenFile(tokenFile, token);
    }
    log.info('client token issued', { client: adapter.id });
    return { token, tokenFile };
  }

  async function connect(client: string, opts: ConnectOptions = {}): Promise<ConnectResult> {
    const adapter = adapterOf(client);
    const written = new Map<string, string>();
    const auth = await issueAuth(adapter, opts);
    for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
      const plan = await planConnect(adapter, opts, auth);
      let conflict = false;
      for (const f of plan.files) {
        if (!f.changed) {
          continue;
        }
        const res = await writePlanned(adapter.id, f);
        if (!res.ok) {
          log.warn('client config changed while writing; planning again', { client, file: f.file });
          conflict = true;
          break;
        }
        written.set(f.file, res.backupId);
      }
      if (!conflict) {
        return {
          client: adapter.id,
          plan,
          files: plan.files.map((f) => ({
            file: f.file,
            changed: written.has(f.file),
            backupId: written.get(f.file),
          })),
          replanned: attempt,
          reloadHint: adapter.reloadHint,
        };
      }
    }
    throw new GatewayError(
      'CLIENT_CONFIG_CHANGED',
      `${adapter.name}'s config kept changing while the gateway tried to update it (is the app writing it right now?); nothing was overwritten — try again`,
    );
  }

  async function disconnect(client: string): Promise<DisconnectResult> {
    const adapter = adapterOf(client);
    const results: DisconnectResult['files'] = [];
    for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
      const { plan, records } = await planDisconnect(adapter);
      let conflict = false;
      for (const f of plan.files) {
        if (!f.changed) {
          continue;
        }
        const res = await writePlanned(adapter.id, f);
        if (!res.ok) {
          conflict = true;
          break;
        }
        results.push({ file: f.file, action: 'edited' });
        // The file is no longer ours: the next connect starts a new backup cycle.
        await store.update(res.backupId, (r) => {
          r.restoredAt = options.clock.now();
        });
      }
      if (conflict) {
        results.length = 0;
        continue;
      }
      for (const r of records) {
        if (plan.files.some((f) => f.realPath === r.realPath && f.changed)) {
          continue;
        }
        const now = await currentHash(r.realPath);
        if ((now ?? null) === r.writtenSha256) {
          const res = await store.restore(r);
          results.push({ file: r.path, action: res });
        } else {
          // Nothing of ours left in it (or it could not be read): keep it, close the cycle.
          const w = plan.warnings.find((x) => x.startsWith(r.path));
          results.push({
            file: r.path,
            action: w === undefined ? 'unchanged' : 'failed',
            ...(w === undefined ? {} : { message: w }),
          });
          if (w === undefined) {
            await store.update(r.id, (x) => {
              x.restoredAt = options.clock.now();
            });
          }
        }
      }
      for (const w of plan.warnings) {
        if (!results.some((r) => r.message === w)) {
          results.push({ file: w.split(' ')[0] ?? '', action: 'failed', message: w });
        }
      }
      return { client: adapter.id, files: results, reloadHint: adapter.reloadHint };
    }
    throw new GatewayError(
      'CLIENT_CONFIG_CHANGED',
      `${adapter.name}'s config kept changing; nothing was overwritten — try again`,
    );
  }

  async function restore(target: string): Promise<RestoreResult> {
    const records = await store.list();
    let chosen: BackupRecord[];
    if (target === 'all') {
      chosen = records.filter((r) => r.restoredAt === null);
    } else if (adapters.some((a) => a.id === target)) {
      chosen = records.filter((r) => r.client === target && r.restoredAt === null);
    } else {
      const r = records.find((x) => x.id === target);
      if (r === undefined) {
        throw new GatewayError(
          'BACKUP_NOT_FOUND',
          `"${target}" is neither a backup id, a client id nor "all": list backups with \`mcp-gateway clients backups\``,
        );
      }
      chosen = [r];
    }
    const restored: RestoreResult['restored'] = [];
    for (const r of chosen) {
      const result = await store.restore(r);
      log.info('client config restored', { client: r.client, file: r.path, result });
      restored.push({ id: r.id, client: r.client, file: r.path, result });
    }
    return { restored };
  }

  async function doImport(
    selection: ImportSelection,
    sink?: (entries: ImportedServer[]) => Promise<void>,
  ): Promise<ImportResult> {
    const scans = await scanAll();
    const { servers } = merge(scans);
    const existing = gatewayServers();
    const taken = new Set(Object.keys(existing));
    const added: ImportedServer[] = [];
    const skipped: ImportResult['skipped'] = [];
    for (const id of selection.ids) {
      const m = servers.find((x) => x.id === id);
      if (m === undefined) {
        skipped.push({
          id,
          reason: 'no detected server has this id (run detect again: the client files may have changed)',
        });
        continue;
      }
      if (m.inGateway !== undefined) {
        skipped.push({ id, name: m.inGateway, reason: `already in the gateway as "${m.inGateway}"` });
        continue;
      }
      const wanted = selection.names?.[id] ?? m.suggestedName;
      if (!SERVER_NAME_PATTERN.test(wanted)) {
        skipped.push({
          id,
          name: wanted,
          reason: 'server names use letters, digits, "-", "_" and "." (at most 48 characters)',
        });
        continue;
      }
      const name =
        selection.names?.[id] !== undefined && taken.has(wanted) ? undefined : uniqueName(wanted, taken);
      if (name === undefined) {
        skipped.push({
          id,
          name: wanted,
          reason: `the gateway already has a server named "${wanted}": choose another name`,
        });
        continue;
      }
      const parsed = ServerConfigSchema.safeParse(m.config);
      if (!parsed.success) {
        skipped.push({ id, name, reason: parsed.error.issues[0]?.message ?? 'invalid server' });
        continue;
      }
      taken.add(name);
      // The source it is trusted as (the most trusted one) is recorded with it: a project's
      // server, and any entry with `${VAR}` references, wait for the user's approval to run.
      const from = m.sources.find((x) => x.scope === m.scope) ?? m.sources[0];
      const origin: ServerOrigin = {
        client: from?.client ?? 'unknown',
        scope: m.scope,
        ...(from?.file !== undefined ? { file: from.file } : {}),
        ...(m.project !== undefined ? { project: m.project } : {}),
      };
      const config: ServerConfig = { ...m.config, origin };
      const pending = pendingApproval(name, config);
      added.push({
        name,
        config,
        secrets: m.secrets,
        notes: m.notes,
        sources: m.sources,
        ...(pending !== undefined ? { approval: pending } : {}),
      });
    }
    const target = sink ?? options.addServers;
    if (added.length > 0) {
      if (target === undefined) {
        throw new GatewayError(
          'UNAVAILABLE',
          'importing needs the gateway config: start the gateway (`mcp-gateway serve`) and try again',
        );
      }
      await target(added);
      log.info('servers imported from clients', { servers: added.map((a) => a.name) });
    }
    return { added, skipped };
  }

  return {
    adapters,
    backupsDir: store.dir,
    async detect() {
      const scans = await scanAll();
      const active = (await store.list()).filter((r) => r.restoredAt === null);
      const { servers, conflicts } = merge(scans);
      return { clients: scans.map((s) => report(s, active)), servers, conflicts };
    },
    import(selection, addServers) {
      return exclusive(() => doImport(selection, addServers));
    },
    async preview(client, opts = {}) {
      return planConnect(
        adapterOf(client),
        opts,
        options.tokens?.enabled() === true ? PREVIEW_AUTH : undefined,
      );
    },
    connect(client, opts) {
      return exclusive(() => connect(client, opts));
    },
    async status() {
      const scans = await scanAll();
      const active = (await store.list()).filter((r) => r.restoredAt === null);
      return scans.map((s) => statusOf(s, active));
    },
    disconnect(client) {
      return exclusive(() => disconnect(client));
    },
    backups() {
      return store.list();
    },
    restore(target) {
      return exclusive(() => restore(target));
    },
  };
}
