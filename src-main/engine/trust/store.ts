import path from 'node:path';

import type { Logger } from '../types.js';
import { lazyDefinitions } from './pin-definitions.js';
import { DEFINITIONS_FILE, PIN_FILE, readPins, type ServerPins, writePins } from './pin-files.js';

export type { Pin, ServerPins } from './pin-files.js';

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
  const { lazyPin } = lazyDefinitions(path.join(dataDir, DEFINITIONS_FILE), logger, now);
  const servers = readPins(dataDir, logger, now, lazyPin);
  return {
    file: path.join(dataDir, PIN_FILE),
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
    save: () => writePins(dataDir, servers),
  };
}
