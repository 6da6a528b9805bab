/**
 * Planning a connect or a disconnect as a pure plan: from a scan of the client's files to the
 * exact new text of each file, a diff and the list of what changes. Nothing here reads or
 * writes a file; `client-writer.ts` writes a plan.
 */
import { isDeepStrictEqual } from 'node:util';

import { createTwoFilesPatch } from 'diff';

import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';
import type { BackupRecord, RemovedEntry } from './backups.js';
import { connectTargets } from './client-status.js';
import { editConfigText, type EntryOp } from './formats/index.js';
import { looksLikeOurEntry, type ScannedClient, type ScannedFile, serverKey } from './scan.js';
import type { AdapterContext, ClientAdapter, ClientLocation } from './types.js';

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

/** The edits collected for one file (several locations may share it). */
interface PendingFile {
  scanned: ScannedFile;
  file: string;
  groups: Array<{ location: ClientLocation; ops: EntryOp[] }>;
  actions: FileAction[];
  removed: RemovedEntry[];
}

type Location = ScannedClient['locations'][number];

/** Collects edits per real file, in the order they were first touched. */
class PlanBuilder {
  readonly pending = new Map<string, PendingFile>();
  readonly warnings: string[] = [];

  /** `l`'s file joins the plan (unchanged until an edit is added). */
  touch(l: Location): PendingFile {
    const key = l.file.snapshot.realPath;
    let p = this.pending.get(key);
    if (p === undefined) {
      p = { scanned: l.file, file: l.location.file, groups: [], actions: [], removed: [] };
      this.pending.set(key, p);
    }
    return p;
  }

  /** Queue `op` for `l`'s file and record what it does. */
  add(l: Location, op: EntryOp, action: FileAction['op'], removed?: RemovedEntry): void {
    const p = this.touch(l);
    let g = p.groups.find((x) => x.location.id === l.location.id);
    if (g === undefined) {
      g = { location: l.location, ops: [] };
      p.groups.push(g);
    }
    g.ops.push(op);
    p.actions.push({ location: l.location.id, op: action, name: op.name });
    if (removed !== undefined) {
      p.removed.push(removed);
    }
  }

  /** Apply the queued edits to each file's text. */
  finish(adapter: ClientAdapter): ClientPlan {
    const files = [...this.pending].map(([realPath, p]) => filePlan(realPath, p));
    return {
      client: adapter.id,
      name: adapter.name,
      files,
      changed: files.some((f) => f.changed),
      warnings: this.warnings,
      reloadHint: adapter.reloadHint,
    };
  }
}

function filePlan(realPath: string, p: PendingFile): FilePlan {
  const before = p.scanned.snapshot.text ?? '';
  let after = before;
  for (const g of p.groups) {
    try {
      after = editConfigText(g.location.format, after, g.location.container, g.location.containerKind, g.ops);
    } catch (e) {
      throw new GatewayError('CONFIG_WRITE_FAILED', `${p.file}: ${errorText(e)}`, { cause: e });
    }
  }
  const exists = p.scanned.snapshot.exists;
  const changed = after !== before || (!exists && p.actions.length > 0);
  return {
    file: p.file,
    realPath,
    format: p.scanned.format,
    exists,
    baseSha256: p.scanned.snapshot.sha256 ?? null,
    before,
    after,
    diff: changed
      ? createTwoFilesPatch(
          p.file,
          p.file,
          before,
          after,
          exists ? 'current' : '(new file)',
          'with the gateway',
        )
      : '',
    changed,
    actions: p.actions,
    removed: p.removed,
    bom: p.scanned.snapshot.bom,
  };
}

function unparseable(file: string, problem: ScannedFile['problem']): GatewayError {
  const where = problem?.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column ?? 1})`;
  return new GatewayError(
    'CLIENT_CONFIG_UNPARSEABLE',
    `${file} cannot be read: ${problem?.message ?? 'unknown problem'}${where}. Fix the file by hand and try again; it was not changed.`,
  );
}

/** What a connect plan needs beside the scan. */
export interface ConnectInput {
  /** The context the scan was made with, including the token to write (`auth`). */
  ctx: AdapterContext;
  /** Name of the gateway's entry in client files. */
  entryName: string;
  options: ConnectOptions;
  /** The gateway's servers (undefined: not known, so none can be removed as imported). */
  gatewayServers: Record<string, ServerConfig> | undefined;
}

/** Add or update the gateway's entry in every connect target. */
function addGateway(b: PlanBuilder, s: ScannedClient, input: ConnectInput): void {
  const { ctx, entryName } = input;
  const adapter = s.adapter;
  const desired = adapter.gatewayEntry(ctx);
  for (const t of connectTargets(s)) {
    if (t.file.problem !== undefined) {
      throw unparseable(t.location.file, t.file.problem);
    }
    // Every target is in the plan, changed or not.
    b.touch(t);
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
      b.add(t, { op: 'set', name: entryName, value: desired }, 'update-gateway');
    } else if (other !== undefined) {
      b.warnings.push(`${t.location.file}: already connected through the entry "${other.name}"`);
    } else {
      b.add(t, { op: 'set', name: entryName, value: desired }, 'add-gateway');
    }
  }
}

/** Remove the servers the gateway now serves (or those named) from the client's own files. */
function removeImported(b: PlanBuilder, s: ScannedClient, input: ConnectInput): void {
  const remove = input.options.removeImported ?? false;
  if (remove === false) {
    return;
  }
  const gwKeys = new Set(Object.values(input.gatewayServers ?? {}).map(serverKey));
  for (const l of s.locations) {
    if (l.location.scope === 'project' || !l.file.snapshot.exists) {
      continue;
    }
    if (l.file.problem !== undefined) {
      b.warnings.push(
        `${l.location.file} cannot be read (${l.file.problem.message}); its servers were left in place`,
      );
      continue;
    }
    for (const e of l.entries) {
      const chosen =
        !e.isGateway &&
        (Array.isArray(remove)
          ? remove.includes(e.name)
          : e.read.config !== undefined && gwKeys.has(serverKey(e.read.config)));
      if (chosen) {
        b.add(l, { op: 'delete', name: e.name }, 'remove-server', {
          container: [...l.location.container],
          containerKind: l.location.containerKind,
          name: e.name,
          raw: e.raw,
        });
      }
    }
  }
  if (remove === true && input.gatewayServers === undefined) {
    b.warnings.push("the gateway's server list is not available, so no servers were removed from the client");
  }
}

/** The plan that points a scanned client at the gateway. Throws when it cannot be connected. */
export function planConnect(s: ScannedClient, input: ConnectInput): ClientPlan {
  const adapter = s.adapter;
  if (!s.installed) {
    throw new GatewayError(
      'CLIENT_NOT_FOUND',
      `${adapter.name} does not seem to be installed here (none of its folders exist)`,
    );
  }
  if (connectTargets(s).length === 0) {
    throw new GatewayError(
      'CLIENT_NOT_FOUND',
      `no config file location is known for ${adapter.name} on this system`,
    );
  }
  const b = new PlanBuilder();
  addGateway(b, s, input);
  removeImported(b, s, input);
  return b.finish(adapter);
}

/**
 * The plan that undoes connect in files that changed since it wrote them: remove the gateway's
 * entry and put back the servers connect removed. Files untouched since connect's write are
 * left out: their backups (in `records`) are restored as a whole.
 */
export function planDisconnect(s: ScannedClient, records: readonly BackupRecord[]): ClientPlan {
  const b = new PlanBuilder();
  for (const l of s.locations) {
    if (l.location.scope === 'project' || !l.file.snapshot.exists) {
      continue;
    }
    const rec = records.find((r) => r.realPath === l.file.snapshot.realPath);
    if (rec !== undefined && l.file.snapshot.sha256 === rec.writtenSha256) {
      continue;
    }
    if (l.file.problem !== undefined) {
      if (l.entries.length > 0 || rec !== undefined) {
        b.warnings.push(
          `${l.location.file} cannot be read (${l.file.problem.message}); it was left as it is`,
        );
      }
      continue;
    }
    for (const e of l.entries) {
      if (e.isGateway) {
        b.add(l, { op: 'delete', name: e.name }, 'remove-gateway');
      }
    }
    for (const r of rec?.removed ?? []) {
      const sameContainer = isDeepStrictEqual(r.container, [...l.location.container]);
      const present = l.entries.some((e) => e.name === r.name);
      if (sameContainer && !present && r.raw !== null && typeof r.raw === 'object') {
        b.add(l, { op: 'set', name: r.name, value: r.raw as Record<string, unknown> }, 'restore-server');
      }
    }
  }
  return b.finish(s.adapter);
}
