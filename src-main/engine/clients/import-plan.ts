/**
 * Planning an import, without I/O: the servers found in every client's files merged into one
 * list (same command line or URL = same server), names made unique, and a selection of them
 * turned into gateway entries that remember where they came from.
 */
import { isDeepStrictEqual } from 'node:util';

import {
  type PendingApproval,
  pendingApproval,
  SERVER_NAME_PATTERN,
  type ServerConfig,
  ServerConfigSchema,
  type ServerOrigin,
} from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { gatewayName, type ScannedClient, serverId, serverKey } from './scan.js';
import { findSecrets, type SecretFlag } from './secrets.js';
import type { LocationScope } from './types.js';

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

/** Lower is more trusted: a client's own settings, then a project's private entries, then its files. */
const SCOPE_TRUST: Readonly<Record<LocationScope, number>> = { user: 0, local: 1, project: 2 };

/** `base` made a valid gateway name that is not in `taken` (a `-2`, `-3`, ... suffix when needed). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
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

/** Every importable server of every scanned client, once per command line or URL. */
function collect(scans: readonly ScannedClient[], gateway: Record<string, ServerConfig>): MergedServer[] {
  const byId = new Map<string, MergedServer>();
  const gw = Object.entries(gateway);
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
  return [...byId.values()];
}

/**
 * The servers of every scanned client merged by command line or URL, and the names that
 * different servers share (the first keeps the name, the others get their client's id).
 */
export function mergeScans(
  scans: readonly ScannedClient[],
  gateway: Record<string, ServerConfig>,
): { servers: MergedServer[]; conflicts: NameConflict[] } {
  const servers = collect(scans, gateway);
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
    for (const m of group.slice(1)) {
      m.suggestedName = uniqueName(`${name}-${m.sources[0]?.client ?? 'other'}`, taken);
      taken.add(m.suggestedName);
    }
  }
  return { servers, conflicts };
}

/** One chosen server as a gateway entry, or why it cannot be imported. `taken` grows by its name. */
function importOne(
  m: MergedServer,
  selection: ImportSelection,
  taken: Set<string>,
): ImportedServer | { name?: string; reason: string } {
  const id = m.id;
  if (m.inGateway !== undefined) {
    return { name: m.inGateway, reason: `already in the gateway as "${m.inGateway}"` };
  }
  const wanted = selection.names?.[id] ?? m.suggestedName;
  if (!SERVER_NAME_PATTERN.test(wanted)) {
    return {
      name: wanted,
      reason: 'server names use letters, digits, "-", "_" and "." (at most 48 characters)',
    };
  }
  // A name the user chose is never changed behind their back; a suggested one is.
  const name =
    selection.names?.[id] !== undefined && taken.has(wanted) ? undefined : uniqueName(wanted, taken);
  if (name === undefined) {
    return {
      name: wanted,
      reason: `the gateway already has a server named "${wanted}": choose another name`,
    };
  }
  const parsed = ServerConfigSchema.safeParse(m.config);
  if (!parsed.success) {
    return { name, reason: parsed.error.issues[0]?.message ?? 'invalid server' };
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
  return {
    name,
    config,
    secrets: m.secrets,
    notes: m.notes,
    sources: m.sources,
    ...(pending !== undefined ? { approval: pending } : {}),
  };
}

/** The chosen merged servers as gateway entries, next to the gateway's `existing` ones. */
export function planImport(
  servers: readonly MergedServer[],
  selection: ImportSelection,
  existing: Record<string, ServerConfig>,
): ImportResult {
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
    const one = importOne(m, selection, taken);
    if ('config' in one) {
      added.push(one);
    } else {
      skipped.push({ id, ...one });
    }
  }
  return { added, skipped };
}
