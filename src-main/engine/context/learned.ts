import { readFileSync } from 'node:fs';

import writeFileAtomic from 'write-file-atomic';

/**
 * What the search learned from use, kept on this machine only: when a search is followed, in the
 * same session, by a call of one of its results, the request's words and the tool are remembered
 * and lift that tool for similar requests later. Bounded (least recently used pairs go first),
 * stored as a small JSON file in the data folder, never sent anywhere.
 */

export interface SearchMemory {
  /** Remember that `query` led to a call of `toolId`. */
  record(words: readonly string[], toolId: string): void;
  /** Lift per tool id (0..1) for a request with these content words. */
  lift(words: readonly string[]): Map<string, number>;
  size(): number;
  /** Forget everything (and the file). */
  clear(): void;
  /** Write pending changes now (tests, shutdown). */
  flush(): Promise<void>;
}

export interface SearchMemoryOptions {
  /** JSON file to load from and save to; without it the memory lives only in the process. */
  file?: string;
  /** Most pairs kept (default 500). */
  maxEntries?: number;
  now?: () => number;
  /** Delay before a change is written, so a burst of calls is one write (default 1 s). */
  saveDelayMs?: number;
  onError?: (err: unknown) => void;
}

export interface Entry {
  words: string[];
  tool: string;
  count: number;
  last: number;
}

const FILE_VERSION = 1;
const DEFAULT_MAX = 500;
/** Pairs whose words overlap the request's by less than this (Jaccard) do not lift. */
const MIN_SIMILARITY = 0.5;
/** Calls after which a pairing lifts fully. */
const FULL_AFTER = 3;
const MAX_WORDS = 12;
const MAX_TOOL_ID = 300;

function keyOf(words: readonly string[], tool: string): string {
  return `${words.join(' ')}\u0000${tool}`;
}

function normalise(words: readonly string[]): string[] {
  return [...new Set(words.filter((w) => w.length > 0 && w.length <= 40))].sort().slice(0, MAX_WORDS);
}

function load(file: string, max: number): Map<string, Entry> {
  const out = new Map<string, Entry>();
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  try {
    const parsed = JSON.parse(raw) as { version?: unknown; entries?: unknown };
    if (parsed.version !== FILE_VERSION || !Array.isArray(parsed.entries)) {
      return out;
    }
    for (const e of parsed.entries as Partial<Entry>[]) {
      if (
        Array.isArray(e.words) &&
        e.words.every((w) => typeof w === 'string') &&
        typeof e.tool === 'string' &&
        e.tool.length <= MAX_TOOL_ID &&
        typeof e.count === 'number' &&
        typeof e.last === 'number'
      ) {
        const words = normalise(e.words);
        out.set(keyOf(words, e.tool), { words, tool: e.tool, count: Math.max(1, e.count), last: e.last });
      }
      if (out.size >= max) {
        break;
      }
    }
  } catch {
    // A damaged file is started over rather than failing the gateway.
  }
  return out;
}

/**
 * Per tool, the best lift of the remembered requests like these words: their Jaccard similarity
 * (at least MIN_SIMILARITY), scaled by how often the tool was called for them (full after
 * FULL_AFTER calls).
 */
export function liftOf(entries: ReadonlyMap<string, Entry>, words: readonly string[]): Map<string, number> {
  const q = new Set(normalise(words));
  const out = new Map<string, number>();
  if (q.size === 0) {
    return out;
  }
  for (const e of entries.values()) {
    let shared = 0;
    for (const w of e.words) {
      if (q.has(w)) {
        shared++;
      }
    }
    const similarity = shared / (q.size + e.words.length - shared);
    if (similarity >= MIN_SIMILARITY) {
      const lift = similarity * Math.min(1, e.count / FULL_AFTER);
      out.set(e.tool, Math.max(out.get(e.tool) ?? 0, lift));
    }
  }
  return out;
}

export function createSearchMemory(options: SearchMemoryOptions = {}): SearchMemory {
  const max = Math.max(1, options.maxEntries ?? DEFAULT_MAX);
  const now = options.now ?? Date.now;
  const file = options.file;
  const entries = file !== undefined ? load(file, max) : new Map<string, Entry>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (file === undefined) {
      return Promise.resolve();
    }
    const body = JSON.stringify({ version: FILE_VERSION, entries: [...entries.values()] });
    writing = writing
      .then(() => writeFileAtomic(file, `${body}\n`, { mode: 0o600 }))
      .catch((err: unknown) => options.onError?.(err));
    return writing;
  };

  const schedule = (): void => {
    if (file === undefined || timer !== undefined) {
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      void write();
    }, options.saveDelayMs ?? 1000);
    timer.unref();
  };

  return {
    record(words, toolId) {
      const w = normalise(words);
      if (w.length === 0 || toolId.length === 0 || toolId.length > MAX_TOOL_ID) {
        return;
      }
      const key = keyOf(w, toolId);
      const prev = entries.get(key);
      entries.delete(key);
      entries.set(key, { words: w, tool: toolId, count: (prev?.count ?? 0) + 1, last: now() });
      // Insertion order is recency order: the first entries are the least recently used.
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) {
          break;
        }
        entries.delete(oldest);
      }
      schedule();
    },

    lift(words) {
      return liftOf(entries, words);
    },

    size() {
      return entries.size;
    },

    clear() {
      entries.clear();
      schedule();
    },

    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
        await write();
      }
      await writing;
    },
  };
}
