import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { DiscoverResult } from '@modelcontextprotocol/client';
import writeFileAtomic from 'write-file-atomic';

import type { ServerConfig } from '../../../src-shared/config.js';
import type { BackendEra, Logger } from '../types.js';

/**
 * What was learned about a backend the first time it was reached: its protocol era (the
 * `auto` probe is costly, and on stdio needs a second spawn when a server exits on it) and,
 * for a type-less URL, which HTTP transport answered.
 */
export interface EraVerdict {
  era: BackendEra;
  /** The `server/discover` result, for `connect({ prior: { kind: 'modern', discover } })`. */
  discover?: DiscoverResult;
  /** For type-less URLs: the transport that worked. */
  transport?: 'http' | 'sse';
  /** Epoch ms when it was learned; legacy verdicts older than the cache's horizon are re-probed. */
  at: number;
}

export interface EraCache {
  get(key: string): EraVerdict | undefined;
  set(key: string, verdict: EraVerdict): void;
  delete(key: string): void;
  /** Resolves when pending writes are on disk. */
  flush?(): Promise<void>;
}

/**
 * Cache key: the server's name plus a hash of what identifies the program it talks to, so
 * editing the command, args or URL forgets the old verdict.
 */
export function eraCacheKey(name: string, config: ServerConfig): string {
  const identity = JSON.stringify([
    config.command ?? null,
    config.args ?? [],
    config.url ?? null,
    config.type ?? null,
  ]);
  return `${name}#${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}

/** An in-memory cache (tests, or when no data dir is available). */
export function createMemoryEraCache(): EraCache {
  const map = new Map<string, EraVerdict>();
  return {
    get: (k) => map.get(k),
    set: (k, v) => void map.set(k, v),
    delete: (k) => void map.delete(k),
  };
}

export interface FileEraCacheOptions {
  /** A legacy verdict is trusted this long; an upgraded server would otherwise stay legacy forever. */
  legacyMaxAgeMs?: number;
  logger?: Logger;
  now?: () => number;
}

export const ERA_CACHE_FILE = 'era-cache.json';

/**
 * File-backed cache at `<dataDir>/era-cache.json`, written atomically on every change. A
 * missing or unreadable file starts an empty cache (it only saves a probe).
 */
export function createFileEraCache(dataDir: string, options: FileEraCacheOptions = {}): EraCache {
  const file = path.join(dataDir, ERA_CACHE_FILE);
  const maxAge = options.legacyMaxAgeMs ?? 7 * 24 * 60 * 60_000;
  const now = options.now ?? Date.now;
  const map = new Map<string, EraVerdict>();
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { entries?: Record<string, EraVerdict> };
    for (const [k, v] of Object.entries(raw.entries ?? {})) {
      if ((v.era === 'legacy' || v.era === 'modern') && typeof v.at === 'number') {
        map.set(k, v);
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      options.logger?.warn('era cache unreadable; starting empty', { file, err: String(err) });
    }
  }
  let writing = Promise.resolve();
  const persist = () => {
    const body = JSON.stringify({ version: 1, entries: Object.fromEntries(map) }, null, 2);
    writing = writing
      .then(async () => {
        mkdirSync(dataDir, { recursive: true });
        await writeFileAtomic(file, body + '\n', { mode: 0o600 });
      })
      .catch((err: unknown) => options.logger?.warn('era cache not saved', { file, err: String(err) }));
  };
  return {
    get(k) {
      const v = map.get(k);
      if (v !== undefined && v.era === 'legacy' && now() - v.at > maxAge) {
        return undefined;
      }
      return v;
    },
    set(k, v) {
      map.set(k, v);
      persist();
    },
    delete(k) {
      if (map.delete(k)) {
        persist();
      }
    },
    flush: () => writing,
  };
}
