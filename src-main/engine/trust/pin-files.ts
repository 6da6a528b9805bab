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
export type StoredPin = Omit<Pin, 'definition'> & { definition?: Record<string, unknown> };

interface PinFile {
  version: 1 | 2;
  servers: Record<string, Omit<ServerPins, 'tools'> & { tools: Record<string, StoredPin> }>;
}

export interface DefinitionsFile {
  version: 1;
  /** Definition hash → the pinned definition. */
  definitions: Record<string, Record<string, unknown>>;
}

export const PIN_FILE = 'tool-approvals.json';
export const DEFINITIONS_FILE = 'tool-approvals-definitions.json';
/**
 * Where gateways before the split kept pins with their definitions inline (version 1). It is read
 * when there is no approvals file yet and never written: a downgraded gateway then finds the
 * approvals it knew instead of a format it cannot read, which it would set aside and re-approve
 * every server from its next listing.
 */
const LEGACY_PIN_FILE = 'tool-pins.json';

/** A copy of an unreadable file beside it, so a damaged file never locks the user out. Best effort. */
export function setAside(file: string, raw: string, now: () => number): string {
  const aside = `${file}.broken-${now()}`;
  try {
    writeFileAtomic.sync(aside, raw);
  } catch {
    // keeping a copy is best effort
  }
  return aside;
}

function read(f: string): string | undefined {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
}

/** Parses a pin file's text; version 2 pins get their definition from `lazyPin`. Throws when unreadable. */
function parsePins(
  raw: string,
  legacy: boolean,
  lazyPin: (stored: StoredPin) => Pin,
): Record<string, ServerPins> {
  const parsed = JSON.parse(raw) as Partial<PinFile>;
  const known = legacy ? parsed.version === 1 : parsed.version === 1 || parsed.version === 2;
  if (!known || parsed.servers === null || typeof parsed.servers !== 'object') {
    throw new Error(`not a version ${legacy ? '1' : '1 or 2'} pin file`);
  }
  const inline = parsed.version === 1;
  const servers: Record<string, ServerPins> = {};
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
  return servers;
}

/**
 * The pins on disk: the approvals file, else the legacy one; none when both are missing. An
 * unreadable file is set aside and read as none, which the log says.
 */
export function readPins(
  dataDir: string,
  logger: Logger,
  now: () => number,
  lazyPin: (stored: StoredPin) => Pin,
): Record<string, ServerPins> {
  let readFrom = path.join(dataDir, PIN_FILE);
  let raw = read(readFrom);
  if (raw === undefined) {
    readFrom = path.join(dataDir, LEGACY_PIN_FILE);
    raw = read(readFrom);
  }
  if (raw === undefined) {
    return {};
  }
  try {
    return parsePins(raw, readFrom !== path.join(dataDir, PIN_FILE), lazyPin);
  } catch (err) {
    logger.error(
      'the tool pin file could not be read; it was set aside and servers are pinned again by their next listing',
      { file: readFrom, aside: setAside(readFrom, raw, now), err: String(err) },
    );
    return {};
  }
}

/** Writes both files atomically (temp file + rename), definitions first: pins never name a missing one. */
export function writePins(dataDir: string, servers: Record<string, ServerPins>): void {
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
  writeFileAtomic.sync(path.join(dataDir, DEFINITIONS_FILE), `${JSON.stringify(defs)}\n`, { mode: 0o600 });
  writeFileAtomic.sync(path.join(dataDir, PIN_FILE), `${JSON.stringify(pins, null, 2)}\n`, { mode: 0o600 });
}
