/**
 * Writing client files with backups: a planned file is written only while its bytes are still
 * the ones the plan was made from, the original is backed up before the first write, and a
 * file that changed underneath is planned again (at most a few times). Restore puts back the
 * exact original bytes.
 */
import { GatewayError } from '../../../src-shared/errors.js';
import type { Logger } from '../types.js';
import type { BackupRecord, BackupStore } from './backups.js';
import type { ClientPlan, FilePlan } from './connect-plan.js';
import { currentHash, encodeText, readSnapshot, sha256, writeAtomic } from './files.js';
import type { ClientAdapter } from './types.js';

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

/** A disconnect plan and the backups in force for that client when it was made. */
export interface DisconnectPlan {
  plan: ClientPlan;
  records: BackupRecord[];
}

export interface ClientWriterOptions {
  store: BackupStore;
  logger: Logger;
  now: () => number;
  /** Test seam: runs right before each file write, after the plan was made. */
  beforeWrite?: (realPath: string) => Promise<void> | void;
}

export interface ClientWriter {
  /** Write `plan()`'s changed files; plan again when one changed since it was read. */
  connect(adapter: ClientAdapter, plan: () => Promise<ClientPlan>): Promise<ConnectResult>;
  /** Write `plan()`'s edits and restore untouched files from their backups. */
  disconnect(adapter: ClientAdapter, plan: () => Promise<DisconnectPlan>): Promise<DisconnectResult>;
  /** Put back the original bytes of each backup. */
  restore(records: readonly BackupRecord[]): Promise<RestoreResult>;
}

/** How often a plan is made again because its file changed while it was being written. */
export const MAX_REPLANS = 5;

type Written = { ok: false } | { ok: true; backupId: string };

/**
 * The backups `target` names: one backup id, every backup in force for a client id, or every
 * backup in force for `all`.
 */
export function backupsFor(
  target: string,
  records: readonly BackupRecord[],
  clientIds: readonly string[],
): BackupRecord[] {
  if (target === 'all') {
    return records.filter((r) => r.restoredAt === null);
  }
  if (clientIds.includes(target)) {
    return records.filter((r) => r.client === target && r.restoredAt === null);
  }
  const r = records.find((x) => x.id === target);
  if (r === undefined) {
    throw new GatewayError(
      'BACKUP_NOT_FOUND',
      `"${target}" is neither a backup id, a client id nor "all": list backups with \`mcp-gateway clients backups\``,
    );
  }
  return [r];
}

/**
 * Write one planned file: the bytes on disk must still be the ones the plan was made from;
 * the original is backed up before the first write. Returns `ok: false` when the file changed.
 */
async function writePlanned(o: ClientWriterOptions, client: string, f: FilePlan): Promise<Written> {
  await o.beforeWrite?.(f.realPath);
  const snap = await readSnapshot(f.file);
  if ((snap.sha256 ?? null) !== f.baseSha256) {
    return { ok: false };
  }
  const record = await o.store.ensure(client, snap);
  const bytes = encodeText(f.after, f.bom);
  // Last look right before the rename keeps the window for a lost update as small as it can be.
  if (((await currentHash(snap.realPath)) ?? null) !== f.baseSha256) {
    return { ok: false };
  }
  await writeAtomic(snap.realPath, bytes);
  await o.store.update(record.id, (r) => {
    r.writtenSha256 = sha256(bytes);
    r.removed.push(...f.removed);
  });
  o.logger.info('client config written', {
    client,
    file: f.file,
    actions: f.actions.map((a) => `${a.op}:${a.name}`),
  });
  return { ok: true, backupId: record.id };
}

/**
 * Write each changed file of `plan`, noting its backup id in `written`; false when one changed
 * underneath (the files written before it stay written, with their backups).
 */
async function writeAll(
  o: ClientWriterOptions,
  client: string,
  plan: ClientPlan,
  written: Map<string, string>,
): Promise<boolean> {
  for (const f of plan.files) {
    if (!f.changed) {
      continue;
    }
    const res = await writePlanned(o, client, f);
    if (!res.ok) {
      o.logger.warn('client config changed while writing; planning again', { client, file: f.file });
      return false;
    }
    written.set(f.file, res.backupId);
  }
  return true;
}

async function connect(
  o: ClientWriterOptions,
  adapter: ClientAdapter,
  plan: () => Promise<ClientPlan>,
): Promise<ConnectResult> {
  const written = new Map<string, string>();
  for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
    const p = await plan();
    if (await writeAll(o, adapter.id, p, written)) {
      return {
        client: adapter.id,
        plan: p,
        files: p.files.map((f) => ({
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

/** The edits of a disconnect plan; undefined when a file changed underneath. */
async function writeEdits(
  o: ClientWriterOptions,
  client: string,
  plan: ClientPlan,
): Promise<DisconnectResult['files'] | undefined> {
  const results: DisconnectResult['files'] = [];
  for (const f of plan.files) {
    if (!f.changed) {
      continue;
    }
    const res = await writePlanned(o, client, f);
    if (!res.ok) {
      return undefined;
    }
    results.push({ file: f.file, action: 'edited' });
    // The file is no longer ours: the next connect starts a new backup cycle.
    await o.store.update(res.backupId, (r) => {
      r.restoredAt = o.now();
    });
  }
  return results;
}

/** Restore each backup whose file is as connect left it; close the cycle of the others. */
async function restoreUntouched(
  o: ClientWriterOptions,
  { plan, records }: DisconnectPlan,
  results: DisconnectResult['files'],
) {
  for (const r of records) {
    if (plan.files.some((f) => f.realPath === r.realPath && f.changed)) {
      continue;
    }
    if (((await currentHash(r.realPath)) ?? null) === r.writtenSha256) {
      results.push({ file: r.path, action: await o.store.restore(r) });
      continue;
    }
    // Nothing of ours left in it (or it could not be read): keep it, close the cycle.
    const w = plan.warnings.find((x) => x.startsWith(r.path));
    if (w !== undefined) {
      results.push({ file: r.path, action: 'failed', message: w });
      continue;
    }
    results.push({ file: r.path, action: 'unchanged' });
    await o.store.update(r.id, (x) => {
      x.restoredAt = o.now();
    });
  }
  for (const w of plan.warnings) {
    if (!results.some((r) => r.message === w)) {
      results.push({ file: w.split(' ')[0] ?? '', action: 'failed', message: w });
    }
  }
}

async function disconnect(
  o: ClientWriterOptions,
  adapter: ClientAdapter,
  plan: () => Promise<DisconnectPlan>,
): Promise<DisconnectResult> {
  for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
    const p = await plan();
    const results = await writeEdits(o, adapter.id, p.plan);
    if (results === undefined) {
      continue;
    }
    await restoreUntouched(o, p, results);
    return { client: adapter.id, files: results, reloadHint: adapter.reloadHint };
  }
  throw new GatewayError(
    'CLIENT_CONFIG_CHANGED',
    `${adapter.name}'s config kept changing; nothing was overwritten — try again`,
  );
}

async function restore(o: ClientWriterOptions, records: readonly BackupRecord[]): Promise<RestoreResult> {
  const restored: RestoreResult['restored'] = [];
  for (const r of records) {
    const result = await o.store.restore(r);
    o.logger.info('client config restored', { client: r.client, file: r.path, result });
    restored.push({ id: r.id, client: r.client, file: r.path, result });
  }
  return { restored };
}

export function createClientWriter(options: ClientWriterOptions): ClientWriter {
  return {
    connect: (adapter, plan) => connect(options, adapter, plan),
    disconnect: (adapter, plan) => disconnect(options, adapter, plan),
    restore: (records) => restore(options, records),
  };
}
