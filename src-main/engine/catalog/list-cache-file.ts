import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

import type { Logger } from '../types.js';
import type { CachedLists, ToolDigests } from './list-cache.js';

/**
 * Format 2: a first line with what start-up needs (the key, the tool digests, the instructions),
 * then the lists, parsed only when something reads them; format 1 (one JSON object) is still read.
 */
export const FORMAT = 2;

/** One server's cache file. */
export interface CacheFile {
  format: number;
  key: string;
  server: string;
  lists: CachedLists;
  /** A digest per tool, in `lists.tools` order (see ToolDigests). */
  toolDigests?: string[];
  /**
   * The instructions as a format-2 head line gave them ('' when none), so `signatureOf` need not
   * parse the lists; absent on entries read in format 1 or made in memory (read `lists`).
   */
  headInstructions?: string;
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

/** What a file's first line holds (format 2). */
interface CacheHead {
  format: number;
  key: string;
  server: string;
  toolDigests?: string[];
  instructions?: string;
}

/** A file's text as written: the head line, then the lists. */
export function encodeCacheFile(entry: CacheFile): string {
  const head: CacheHead = {
    format: FORMAT,
    key: entry.key,
    server: entry.server,
    ...(entry.toolDigests !== undefined ? { toolDigests: entry.toolDigests } : {}),
    ...(entry.lists.instructions !== undefined ? { instructions: entry.lists.instructions } : {}),
  };
  return `${JSON.stringify(head)}\n${JSON.stringify(entry.lists)}\n`;
}

/**
 * An entry whose lists are parsed on first read (and their digests seeded then); a second line
 * that is not valid lists reads as empty lists (the file was written whole, so this is damage).
 */
function lazyEntry(head: CacheHead, text: string, onParse: (e: CacheFile) => void): CacheFile {
  const entry = {
    format: FORMAT,
    key: head.key,
    server: head.server,
    headInstructions: head.instructions ?? '',
  } as CacheFile;
  if (head.toolDigests !== undefined) {
    entry.toolDigests = head.toolDigests;
  }
  let lists: CachedLists | undefined;
  Object.defineProperty(entry, 'lists', {
    enumerable: true,
    configurable: true,
    get() {
      if (lists === undefined) {
        const parsed = JSON.parse(text) as unknown;
        lists = validLists(parsed)
          ? parsed
          : { tools: [], resources: [], resourceTemplates: [], prompts: [], savedAt: 0 };
        onParse(entry);
      }
      return lists;
    },
    set(value: CachedLists) {
      lists = value;
    },
  });
  return entry;
}

function parseCacheFile(text: string, server: string, onParse: (e: CacheFile) => void): CacheFile | null {
  const newline = text.indexOf('\n');
  const head = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as Partial<CacheHead & CacheFile>;
  if (head.server !== server || typeof head.key !== 'string') {
    return null;
  }
  if (head.format === 1 && validLists(head.lists)) {
    onParse(head as CacheFile);
    return head as CacheFile;
  }
  return head.format === FORMAT && newline > 0
    ? lazyEntry(head as CacheHead, text.slice(newline + 1), onParse)
    : null;
}

/** What the cached tools are, without parsing the lists: their digests and the instructions. */
export function signatureOf(e: CacheFile): string {
  const instructions = e.headInstructions ?? e.lists.instructions;
  return `${e.toolDigests?.join(',') ?? '-'}\0${instructions ?? ''}`;
}

/**
 * A server's cache file as it is on disk; null when missing, unreadable or not for this server.
 * `onParse` runs when its lists are parsed (at once for format 1, on first read for format 2).
 */
export function readCacheFile(
  dir: string | undefined,
  server: string,
  logger?: Logger,
  onParse: (e: CacheFile) => void = () => undefined,
): CacheFile | null {
  if (dir === undefined) {
    return null;
  }
  try {
    return parseCacheFile(readFileSync(fileOf(dir, server), 'utf8'), server, onParse);
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
      const body = entry === null || entry === undefined ? undefined : encodeCacheFile(entry);
      writing = writing
        .then(async () => {
          if (body === undefined) {
            rmSync(file, { force: true });
            return;
          }
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          await writeFileAtomic(file, body, { mode: 0o600 });
        })
        .catch((err: unknown) => logger?.warn('list cache not saved', { server, err: String(err) }));
    },
    flush: () => writing,
  };
}
