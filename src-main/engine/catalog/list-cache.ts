import { createHash } from 'node:crypto';
import path from 'node:path';

import type {
  Implementation,
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  ServerCapabilities,
  Tool,
} from '@modelcontextprotocol/client';

import type { ServerConfig } from '../../../src-shared/config.js';
import { runtimeIdentity } from '../../../src-shared/server-identity.js';
import type { Logger } from '../types.js';
import {
  type CacheFile,
  createCacheWriter,
  FORMAT,
  readCacheFile,
  seedDigests,
  signatureOf,
} from './list-cache-file.js';

/** What a server listed the last time it ran, enough to serve its lists while it sleeps. */
export interface CachedLists {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
  serverInfo?: Implementation;
  capabilities?: ServerCapabilities;
  instructions?: string;
  protocolVersion?: string;
  /** Memory (bytes, PSS where the OS reports it) of the server's process tree when it last ran. */
  footprintBytes?: number;
  /** Epoch ms of the listing. */
  savedAt: number;
}

/**
 * The persistent list cache: one file per server in `<dataDir>/list-cache/`, keyed by a hash of
 * the server's config entry as written (`${VAR}` / `${secret:NAME}` references, never their
 * values; fields that do not change what the server lists are left out), so editing its
 * command, args, env or URL makes the old lists invalid.
 */
export interface ListCache {
  /** The cached lists when they were made with this config entry. */
  get(server: string, config: ServerConfig): CachedLists | undefined;
  has(server: string, config: ServerConfig): boolean;
  /**
   * What the cached tools are (their digests and the server's instructions) without reading the
   * lists themselves: what start-up answers are checked against (see early/).
   */
  signature(server: string, config: ServerConfig): string | undefined;
  /** Remember (and write, atomically, in the background) what the server listed. */
  set(server: string, config: ServerConfig, lists: Omit<CachedLists, 'savedAt' | 'footprintBytes'>): void;
  /** Remember the server's measured footprint with its lists. */
  setFootprint(server: string, config: ServerConfig, bytes: number): void;
  /** Forget a server (removed from the config). */
  delete(server: string): void;
  /** Resolves when pending writes are on disk. */
  flush(): Promise<void>;
}

export const LIST_CACHE_DIR = 'list-cache';

/**
 * A per-tool digest kept with the lists so it is not computed again after a restart (tool
 * trust's definition hash, memoised per tool object): `seed` hands a saved digest to the tool
 * object read back from the file.
 */
export interface ToolDigests {
  of(tool: Tool): string;
  seed(tool: Tool, digest: string): void;
}

export function listCacheKey(config: ServerConfig): string {
  return createHash('sha256').update(runtimeIdentity(config)).digest('hex').slice(0, 32);
}

/**
 * A file-backed cache when `dataDir` is given. Files are read on first use of each server (one
 * small synchronous read, at start-up); a missing, unreadable or foreign file is no cache.
 */
export function createListCache(
  dataDir: string | undefined,
  options: { logger?: Logger; now?: () => number; digests?: ToolDigests } = {},
): ListCache {
  const dir = dataDir === undefined ? undefined : path.join(dataDir, LIST_CACHE_DIR);
  const now = options.now ?? Date.now;
  const entries = new Map<string, CacheFile | null>();
  const writer = createCacheWriter(dir, options.logger);
  // Config entries are kept as they are until the config changes: hash each one once.
  const keys = new WeakMap<ServerConfig, string>();
  const keyOf = (config: ServerConfig): string => {
    let key = keys.get(config);
    if (key === undefined) {
      key = listCacheKey(config);
      keys.set(config, key);
    }
    return key;
  };
  const read = (server: string): CacheFile | null => {
    let e = entries.get(server);
    if (e === undefined) {
      // The lists themselves are parsed (and their digests seeded) when first read.
      e = readCacheFile(dir, server, options.logger, (parsed) => seedDigests(parsed, options.digests));
      entries.set(server, e);
    }
    return e;
  };
  const current = (server: string, config: ServerConfig): CacheFile | undefined => {
    const e = read(server);
    return e !== null && e.key === keyOf(config) ? e : undefined;
  };
  const persist = (server: string) => writer.persist(server, entries.get(server));
  return {
    get: (server, config) => current(server, config)?.lists,
    has: (server, config) => current(server, config) !== undefined,
    signature(server, config) {
      const e = current(server, config);
      return e === undefined ? undefined : signatureOf(e);
    },
    set(server, config, lists) {
      const key = keyOf(config);
      const prev = read(server);
      const footprintBytes = prev !== null && prev.key === key ? prev.lists.footprintBytes : undefined;
      const digests = options.digests;
      entries.set(server, {
        format: FORMAT,
        key,
        server,
        lists: { ...lists, ...(footprintBytes !== undefined ? { footprintBytes } : {}), savedAt: now() },
        ...(digests !== undefined ? { toolDigests: lists.tools.map((t) => digests.of(t)) } : {}),
      });
      persist(server);
    },
    setFootprint(server, config, bytes) {
      const e = read(server);
      if (e === null || e.key !== keyOf(config) || e.lists.footprintBytes === bytes) {
        return;
      }
      e.lists = { ...e.lists, footprintBytes: bytes };
      persist(server);
    },
    delete(server) {
      if (read(server) !== null) {
        entries.set(server, null);
        persist(server);
      }
    },
    flush: () => writer.flush(),
  };
}
