import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

import type { Logger } from '../types.js';

/** One approved tool definition: its hash and a copy, so a later change can be shown as a diff. */
export interface Pin {
  hash: string;
  definition: Record<string, unknown>;
  /** Epoch ms. */
  approvedAt: number;
  /** `listing`: pinned with the server's first listing; `user`: approved in a review. */
  by: 'listing' | 'user';
}

export interface ServerPins {
  /** When the first listing after the server was added was recorded; absent until then. */
  approvedAt?: number;
  tools: Record<string, Pin>;
  /** Tool name → the hash the user rejected (hidden until the tool changes again). */
  rejected: Record<string, string>;
}

/** A pin as written in version 2: the definition is in the definitions file, under its hash. */
type StoredPin = Omit<Pin, 'definition'> & { definition?: Record<string, unknown> };

interface PinFile {
  version: 1 | 2;
  servers: Record<string, Omit<ServerPins, 'tools'> & { tools: Record<string, StoredPin> }>;
}

interface DefinitionsFile {
  version: 1;
  /** Definition hash → the pinned definition. */
  definitions: Record<string, Record<string, unknown>>;
}

const PIN_FILE = 'tool-approvals.json';
const DEFINITIONS_FILE = 'tool-approvals-definitions.json';
/**
 * Where gateways before the split kept pins with their definitions inline (version 1). It is read
 * when there is no approvals file yet and never written: a downgraded gateway then finds the
 * approvals it knew instead of a format it cannot read, which it would set aside and re-approve
 * every server from its next listing.
 */
const LEGACY_PIN_FILE = 'tool-pins.json';

export interface PinStore {
  readonly file: string;
  get(server: string): ServerPins | undefined;
  /** The record for a server, created empty when missing. */
  ensure(server: string): ServerPins;
  delete(server: string): boolean;
  /** Write the whole file atomically (temp file + rename). */
  save(): void;
}

/** A copy of an unreadable file beside it, so a damaged file never locks the user out. Best effort. */
function setAside(file: string, raw: string, now: () => number): string {
  const aside = `${file}.broken-${now()}`;
  try {
    writeFileAtomic.sync(aside, raw);
  } catch {
    // keeping a copy is best effort
  }
  return aside;
}

/**
 * The pins in `<dataDir>/tool-approvals.json`: per server and tool, the approved definition's
 * hash. The approved definitions themselves (only needed for a review's diff and to recognise a
 * renamed tool) are in `tool-approvals-definitions.json`, keyed by hash, and read on first use:
 * a start-up decides what is approved from the hashes alone, without reading every definition.
 * Without an approvals file the version 1 `tool-pins.json` of earlier gateways (definitions
 * inline) is read, and left as it is; the next save writes the approvals files.
 *
 * A missing file is an empty store (every server is then pinned by its next listing). An
 * unreadable one is set aside as `<file>.broken-<time>` and also starts empty, so a damaged file
 * never locks the user out; the log says so. An unreadable definitions file only loses the
 * "approved" side of diffs until tools are approved again; it is set aside too.
 */
export function openPinStore(dataDir: string, logger: Logger, now: () => number = Date.now): PinStore {
  const file = path.join(dataDir, PIN_FILE);
  const definitionsFile = path.join(dataDir, DEFINITIONS_FILE);
  const servers: Record<string, ServerPins> = {};
  let definitions: Map<string, Record<string, unknown>> | undefined;

  const loadDefinitions = (): Map<string, Record<string, unknown>> => {
    if (definitions !== undefined) {
      return definitions;
    }
    definitions = new Map();
    let raw: string | undefined;
    try {
      raw = readFileSync(definitionsFile, 'utf8');
      const parsed = JSON.parse(raw) as Partial<DefinitionsFile>;
      if (parsed.version !== 1 || parsed.definitions === null || typeof parsed.definitions !== 'object') {
        throw new Error('not a version 1 definitions file');
      }
      for (const [hash, definition] of Object.entries(parsed.definitions)) {
        definitions.set(hash, definition);
      }
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      logger.warn(
        'the approved tool definitions could not be read; reviews show no approved side until tools are approved again',
        {
          file: definitionsFile,
          ...(raw !== undefined ? { aside: setAside(definitionsFile, raw, now) } : {}),
          err: missing ? 'the file is missing' : String(err),
        },
      );
    }
    return definitions;
  };

  /** A pin whose definition is read from the definitions file when something asks for it. */
  const lazyPin = (stored: StoredPin): Pin => {
    const { hash, approvedAt, by } = stored;
    const pin = { hash, approvedAt, by } as Pin;
    Object.defineProperty(pin, 'definition', {
      enumerable: true,
      configurable: true,
      get: () => loadDefinitions().get(hash) ?? {},
      set: (value: Record<string, unknown>) =>
        Object.defineProperty(pin, 'definition', { value, writable: true, enumerable: true }),
    });
    return pin;
  };

  const read = (f: string): string | undefined => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  let readFrom = file;
  let raw = read(file);
  if (raw === undefined) {
    readFrom = path.join(dataDir, LEGACY_PIN_FILE);
    raw = read(readFrom);
  }
  if (raw !== undefined) {
    try {
      const parsed = JSON.parse(raw) as Partial<PinFile>;
      const known = readFrom === file ? parsed.version === 1 || parsed.version === 2 : parsed.version === 1;
      if (!known || parsed.servers === null || typeof parsed.servers !== 'object') {
        throw new Error(`not a version ${readFrom === file ? '1 or 2' : '1'} pin file`);
      }
      const inline = parsed.version === 1;
      for (const [name, s] of Object.entries(parsed.servers)) {
        const tools: Record<string, Pin> = {};
        for (const [tool, p] of Object.entries(s.tools ?? {})) {
          tools[tool] = inline ? { ...p, definition: p.definition ?? {} } : lazyPin(p);
        }
        servers[name] = {
          ...(typeof s.approvedAt === 'number' ? { approvedAt: s.approvedAt } : {}),
          tools,
          rejected: s.rejected ?? {},
        };
      }
    } catch (err) {
      logger.error(
        'the tool pin file could not be read; it was set aside and servers are pinned again by their next listing',
        { file: readFrom, aside: setAside(readFrom, raw, now), err: String(err) },
      );
      for (const name of Object.keys(servers)) {
        delete servers[name];
      }
    }
  }
  return {
    file,
    get: (server) => servers[server],
    ensure(server) {
      let s = servers[server];
      if (s === undefined) {
        s = { tools: {}, rejected: {} };
        servers[server] = s;
      }
      return s;
    },
    delete(server) {
      if (servers[server] === undefined) {
        return false;
      }
      delete servers[server];
      return true;
    },
    save() {
      const pins: PinFile = { version: 2, servers: {} };
      const defs: DefinitionsFile = { version: 1, definitions: {} };
      for (const [name, s] of Object.entries(servers)) {
        const tools: Record<string, StoredPin> = {};
        for (const [tool, { hash, definition, approvedAt, by }] of Object.entries(s.tools)) {
          tools[tool] = { hash, approvedAt, by };
          defs.definitions[hash] = definition;
        }
        pins.servers[name] = { ...s, tools };
      }
      mkdirSync(dataDir, { recursive: true });
      // Definitions first: pins never name a hash whose definition is not on disk.
      writeFileAtomic.sync(definitionsFile, `${JSON.stringify(defs)}\n`, { mode: 0o600 });
      writeFileAtomic.sync(file, `${JSON.stringify(pins, null, 2)}\n`, { mode: 0o600 });
    },
  };
}
