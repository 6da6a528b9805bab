import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

import type { Logger } from '../types.js';

/** One approved tool definition: its hash and a copy, so a later change can be shown as a diff. */
interface Pin {
  hash: string;
  definition: Record<string, unknown>;
  /** Epoch ms. */
  approvedAt: number;
  /** `listing`: pinned with the server's first listing; `user`: approved in a review. */
  by: 'listing' | 'user';
}

interface ServerPins {
  /** When the first listing after the server was added was recorded; absent until then. */
  approvedAt?: number;
  tools: Record<string, Pin>;
  /** Tool name → the hash the user rejected (hidden until the tool changes again). */
  rejected: Record<string, string>;
}

interface PinFile {
  version: 1;
  servers: Record<string, ServerPins>;
}

const PIN_FILE = 'tool-pins.json';

export interface PinStore {
  readonly file: string;
  get(server: string): ServerPins | undefined;
  /** The record for a server, created empty when missing. */
  ensure(server: string): ServerPins;
  delete(server: string): boolean;
  /** Write the whole file atomically (temp file + rename). */
  save(): void;
}

/**
 * The pins in `<dataDir>/tool-pins.json`. A missing file is an empty store (every server is then
 * pinned by its next listing). An unreadable one is set aside as `tool-pins.json.broken-<time>`
 * and also starts empty, so a damaged file never locks the user out; the log says so.
 */
export function openPinStore(dataDir: string, logger: Logger, now: () => number = Date.now): PinStore {
  const file = path.join(dataDir, PIN_FILE);
  let data: PinFile = { version: 1, servers: {} };
  let raw: string | undefined;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    raw = undefined;
  }
  if (raw !== undefined) {
    try {
      const parsed = JSON.parse(raw) as Partial<PinFile>;
      if (parsed.version !== 1 || parsed.servers === null || typeof parsed.servers !== 'object') {
        throw new Error('not a version 1 pin file');
      }
      for (const [name, s] of Object.entries(parsed.servers)) {
        data.servers[name] = {
          ...(typeof s.approvedAt === 'number' ? { approvedAt: s.approvedAt } : {}),
          tools: s.tools ?? {},
          rejected: s.rejected ?? {},
        };
      }
    } catch (err) {
      const aside = `${file}.broken-${now()}`;
      logger.error(
        'the tool pin file could not be read; it was set aside and servers are pinned again by their next listing',
        {
          file,
          aside,
          err: String(err),
        },
      );
      try {
        writeFileAtomic.sync(aside, raw);
      } catch {
        // keeping a copy is best effort
      }
      data = { version: 1, servers: {} };
    }
  }
  return {
    file,
    get: (server) => data.servers[server],
    ensure(server) {
      let s = data.servers[server];
      if (s === undefined) {
        s = { tools: {}, rejected: {} };
        data.servers[server] = s;
      }
      return s;
    },
    delete(server) {
      if (data.servers[server] === undefined) {
        return false;
      }
      delete data.servers[server];
      return true;
    },
    save() {
      mkdirSync(dataDir, { recursive: true });
      writeFileAtomic.sync(file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    },
  };
}
