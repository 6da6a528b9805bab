/**
 * What a scan says about a client, without I/O: which of its files connect writes to, whether
 * it points at the gateway, whether the gateway has seen it, and the servers in each file.
 */
import type { ServerConfig } from '../../../src-shared/config.js';
import type { BackupRecord } from './backups.js';
import type { ScannedClient, ScannedEntry } from './scan.js';
import { serverId } from './scan.js';
import { findSecrets, type SecretFlag } from './secrets.js';
import type { AdapterContext, ClientAdapter, ClientLocation, LocationScope } from './types.js';

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

/** `Visual Studio Code`, `visual-studio-code` and `Visual_Studio_Code` are the same client. */
function handshakeKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '-');
}

/** Whether one of `handshakeNames` (the `clientInfo.name`s seen) is this client's. */
export function seenBy(adapter: ClientAdapter, handshakeNames: readonly string[]): boolean {
  const names = handshakeNames.map(handshakeKey);
  return adapter.handshakeNames.some((pattern) => {
    const key = handshakeKey(pattern.replace(/\*$/, ''));
    return pattern.endsWith('*') ? names.some((n) => n.startsWith(key)) : names.includes(key);
  });
}

/**
 * Where connect writes the gateway entry: every connect location whose file exists, else the
 * first candidate (a file connect will create).
 */
export function connectTargets(scan: ScannedClient): ScannedClient['locations'] {
  const candidates = scan.locations.filter((l) => l.location.connect);
  const existing = candidates.filter((l) => l.file.snapshot.exists);
  if (existing.length > 0) {
    return existing;
  }
  return candidates.slice(0, 1);
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

/** What the status of a client needs beside its scan. */
export interface StatusInput {
  /** The context the scan was made with (its gateway URL decides what "points at us" means). */
  ctx: AdapterContext;
  /** Backups in force. */
  active: readonly BackupRecord[];
  /** Client names seen in MCP handshakes. */
  handshakeNames: readonly string[];
}

export function clientStatus(scan: ScannedClient, input: StatusInput): ClientStatus {
  const a = scan.adapter;
  const targets = connectTargets(scan);
  const connected =
    targets.length > 0 &&
    targets.every((t) => t.entries.some((e) => e.isGateway && a.pointsAtGateway(e.raw, input.ctx)));
  return {
    id: a.id,
    name: a.name,
    transport: a.transport,
    installed: scan.installed,
    hasConfig: scan.locations.some((l) => l.file.snapshot.exists),
    connected,
    seen: seenBy(a, input.handshakeNames),
    backups: input.active.filter((r) => r.client === a.id).length,
    reloadHint: a.reloadHint,
  };
}

/** The status plus every file that exists or that connect would write, with its servers. */
export function clientReport(scan: ScannedClient, input: StatusInput): ClientReport {
  const targets = new Set(connectTargets(scan).map((t) => t.location.id));
  return {
    ...clientStatus(scan, input),
    files: scan.locations
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
