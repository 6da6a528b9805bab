import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

import type { Logger } from '../types.js';
import type { CachedLists, ToolDigests } from './list-cache.js';

export const FORMAT = 1;

/** One server's cache file. */
export interface CacheFile {
  format: number;
  key: string;
  server: string;
  lists: CachedLists;
  /** A digest per tool, in `lists.tools` order (see ToolDigests). */
  toolDigests?: string[];
}

/** File names are the server name (already limited to `[A-Za-z0-9_.-]`), hashed when unusual. */
export function fileOf(dir: string, server: string): string {
  const safe = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/.test(server)
    ? server
    : createHash('sha256').update(server).digest('hex').slice(0, 32);
  return path.join(dir, `${safe}.json`);
}

export function validLists(v: unknown): v is CachedLists {
  const l = v as Partial<CachedLists> | undefined;
  return (
    typeof l === 'object' &&
    l !== null &&
    Array.isArray(l.tools) &&
    Array.isArray(l.resources) &&
    Array.isArray(l.resourceTemplates) &&
    Array.isArray(l.prompts) &&
    typeof l.savedAt === 'number'
  );
}

/** A server's cache file as it is on disk; null when missing, unreadable or not for this server. */
export function readCacheFile(dir: string | undefined, server: string, logger?: Logger): CacheFile | null {
  if (dir === undefined) {
    return null;
  }
  try {
    const raw = JSON.parse(readFileSync(fileOf(dir, server), 'utf8')) as Partial<CacheFile>;
    if (
      raw.format === FORMAT &&
      raw.server === server &&
      typeof raw.key === 'string' &&
      validLists(raw.lists)
    ) {
      return raw as CacheFile;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger?.warn('list cache unreadable; the server will start to list again', {
        server,
        err: String(err),
      });
    }
  }
  return null;
}

/** Hand the digests saved with the lists to the tool objects read back (when they match up). */
export function seedDigests(e: CacheFile, digests: ToolDigests | undefined): void {
  const d = e.toolDigests;
  if (digests === undefined || !Array.isArray(d) || d.length !== e.lists.tools.length) {
    return;
  }
  e.lists.tools.forEach((tool, i) => {
    const digest = d[i];
    if (typeof digest === 'string') {
      digests.seed(tool, digest);
    }
  });
}

/** Writes cache files one after another in the background (null removes the file). */
export interface CacheWriter {
  persist(server: string, entry: CacheFile | null | undefined): void;
  flush(): Promise<void>;
}

export function createCacheWriter(dir: string | undefined, logger?: Logger): CacheWriter {
  let writing = Promise.resolve();
  return {
    persist(server, entry) {
      if (dir === undefined) {
        return;
      }
      const file = fileOf(dir, server);
      const body = entry === null || entry === undefined ? undefined : JSON.stringify(entry);
      writing = writing
        .then(async () => {
          if (body === undefined) {
            rmSync(file, { force: true });
            return;
          }
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          await writeFileAtomic(file, body + '\n', { mode: 0o600 });
        })
        .catch((err: unknown) => logger?.warn('list cache not saved', { server, err: String(err) }));
    },
    flush: () => writing,
  };
}
