import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { GatewayError } from '../../../src-shared/errors.js';
import { currentHash, type FileSnapshot, sha256, writeAtomic } from './files.js';
import type { ContainerKind } from './types.js';

/** A server entry that connect removed from a client file (kept so disconnect can put it back). */
export interface RemovedEntry {
  container: string[];
  containerKind: ContainerKind;
  name: string;
  /** The entry exactly as it was, in the client's dialect. */
  raw: unknown;
}

/** One backup: the bytes of a client file before the gateway first wrote to it. */
export interface BackupRecord {
  id: string;
  client: string;
  /** The path the client uses. */
  path: string;
  /** Where the bytes live (symlinks resolved); restore writes here. */
  realPath: string;
  /** File name inside the backups folder; null when the file did not exist (restore deletes it). */
  backupFile: string | null;
  existed: boolean;
  /** sha256 of the original bytes. */
  sha256: string | null;
  /** ISO time of the backup. */
  time: string;
  createdAt: number;
  /** sha256 of the file after the gateway's last write: tells whether someone edited it since. */
  writtenSha256: string | null;
  removed: RemovedEntry[];
  /** Set once the original was put back (or the gateway entry removed by disconnect). */
  restoredAt: number | null;
  /** Copies of what was on disk when a restore replaced it, so a restore never loses edits. */
  replaced: Array<{ backupFile: string; sha256: string; time: string }>;
}

interface IndexFile {
  version: 1;
  backups: BackupRecord[];
}

/**
 * `<dataDir>/backups/`: one copy per client file per connect cycle, plus `index.json`. All writes
 * are atomic; backup files are private (0600) because client configs hold tokens.
 */
export class BackupStore {
  readonly dir: string;
  private readonly indexFile: string;
  private readonly now: () => number;

  constructor(dataDir: string, now: () => number) {
    this.dir = path.join(dataDir, 'backups');
    this.indexFile = path.join(this.dir, 'index.json');
    this.now = now;
  }

  async list(): Promise<BackupRecord[]> {
    let text: string;
    try {
      text = await readFile(this.indexFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        return [];
      }
      throw e;
    }
    try {
      const parsed = JSON.parse(text) as IndexFile;
      return Array.isArray(parsed.backups) ? parsed.backups : [];
    } catch (e) {
      throw new GatewayError(
        'INTERNAL',
        `the backup index ${this.indexFile} is damaged: ${String(e)} — fix or move it; the backup files beside it are intact`,
      );
    }
  }

  private async save(records: BackupRecord[]): Promise<void> {
    const body: IndexFile = { version: 1, backups: records };
    await writeAtomic(this.indexFile, JSON.stringify(body, null, 2) + '\n');
  }

  /**
   * The CLI and a running gateway may both change client configs: the index is updated under a
   * lock folder (mkdir is atomic everywhere). A lock older than 30 s is left over from a crash.
   */
  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const lock = path.join(this.dir, 'index.lock');
    await mkdir(this.dir, { recursive: true });
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(lock);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw e;
        }
      }
      const age = await stat(lock).then(
        (st) => Date.now() - st.mtimeMs,
        () => 0,
      );
      if (age > 30_000) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (attempt >= 200) {
        throw new GatewayError(
          'UNAVAILABLE',
          `the backup index is busy (${lock}); if no other gateway or CLI is changing client configs, delete that folder and try again`,
        );
      }
      await sleep(25);
    }
    try {
      return await fn();
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }

  /** The backup still in force for a file (connected, not yet restored). */
  async active(realPath: string): Promise<BackupRecord | undefined> {
    return (await this.list()).find((r) => r.realPath === realPath && r.restoredAt === null);
  }

  /** Back up `snapshot` unless this file already has a backup in force. Verifies the copy. */
  async ensure(client: string, snapshot: FileSnapshot): Promise<BackupRecord> {
    return this.locked(() => this.ensureLocked(client, snapshot));
  }

  private async ensureLocked(client: string, snapshot: FileSnapshot): Promise<BackupRecord> {
    const records = await this.list();
    const existing = records.find((r) => r.realPath === snapshot.realPath && r.restoredAt === null);
    if (existing !== undefined) {
      return existing;
    }
    const createdAt = this.now();
    const time = new Date(createdAt).toISOString();
    const stamp = time.replace(/[:.]/g, '-');
    let n = 0;
    let id = `${stamp}-${client}`;
    while (records.some((r) => r.id === id)) {
      n++;
      id = `${stamp}-${client}-${n}`;
    }
    let backupFile: string | null = null;
    if (snapshot.exists && snapshot.bytes !== undefined) {
      backupFile = `${id}-${path.basename(snapshot.realPath)}.bak`;
      const target = path.join(this.dir, backupFile);
      await writeAtomic(target, snapshot.bytes, { mode: 0o600 });
      if ((await currentHash(target)) !== snapshot.sha256) {
        throw new GatewayError(
          'CONFIG_WRITE_FAILED',
          `the backup of ${snapshot.file} could not be verified; nothing was changed`,
        );
      }
    }
    const record: BackupRecord = {
      id,
      client,
      path: snapshot.file,
      realPath: snapshot.realPath,
      backupFile,
      existed: snapshot.exists,
      sha256: snapshot.sha256 ?? null,
      time,
      createdAt,
      writtenSha256: null,
      removed: [],
      restoredAt: null,
      replaced: [],
    };
    await this.save([...records, record]);
    return record;
  }

  async update(id: string, change: (r: BackupRecord) => void): Promise<BackupRecord> {
    return this.locked(async () => {
      const records = await this.list();
      const r = records.find((x) => x.id === id);
      if (r === undefined) {
        throw new GatewayError(
          'BACKUP_NOT_FOUND',
          `no backup with id ${id}: list them with \`mcp-gateway clients backups\``,
        );
      }
      change(r);
      await this.save(records);
      return r;
    });
  }

  /** The original bytes of a backup. */
  async original(r: BackupRecord): Promise<Buffer | undefined> {
    if (r.backupFile === null) {
      return undefined;
    }
    const bytes = await readFile(path.join(this.dir, r.backupFile));
    if (r.sha256 !== null && sha256(bytes) !== r.sha256) {
      throw new GatewayError(
        'INTERNAL',
        `the backup file ${r.backupFile} does not match its recorded checksum; it was not restored`,
      );
    }
    return bytes;
  }

  /**
   * Put the original bytes back (or delete a file the gateway created). What is on disk first goes
   * to the backups folder when it differs from both the original and the gateway's own write.
   */
  async restore(r: BackupRecord): Promise<'restored' | 'unchanged'> {
    const original = await this.original(r);
    const now = this.now();
    let current: Buffer | undefined;
    try {
      current = await readFile(r.realPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw e;
      }
    }
    const currentSha = current === undefined ? null : sha256(current);
    if (currentSha === r.sha256) {
      await this.update(r.id, (x) => {
        x.restoredAt = now;
      });
      return 'unchanged';
    }
    const replaced: BackupRecord['replaced'] = [];
    if (current !== undefined && currentSha !== r.writtenSha256) {
      const time = new Date(now).toISOString();
      const name = `${r.id}-replaced-${time.replace(/[:.]/g, '-')}-${path.basename(r.realPath)}.bak`;
      await writeAtomic(path.join(this.dir, name), current, { mode: 0o600 });
      replaced.push({ backupFile: name, sha256: currentSha ?? '', time });
    }
    if (original === undefined) {
      await rm(r.realPath, { force: true });
    } else {
      await writeAtomic(r.realPath, original);
    }
    await this.update(r.id, (x) => {
      x.restoredAt = now;
      x.replaced.push(...replaced);
    });
    return 'restored';
  }
}
