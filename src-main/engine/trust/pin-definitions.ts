import { readFileSync } from 'node:fs';

import type { Logger } from '../types.js';
import { type DefinitionsFile, type Pin, setAside, type StoredPin } from './pin-files.js';

/**
 * The approved definitions, read from their file on first use (only a review's diff and a
 * renamed tool need them). An unreadable file loses the "approved" side of diffs until tools
 * are approved again; it is set aside and the log says so. `lazyPin` makes a pin whose
 * definition is read from here when something asks for it.
 */
export function lazyDefinitions(
  file: string,
  logger: Logger,
  now: () => number,
): { lazyPin(stored: StoredPin): Pin } {
  let definitions: Map<string, Record<string, unknown>> | undefined;

  const load = (): Map<string, Record<string, unknown>> => {
    if (definitions !== undefined) {
      return definitions;
    }
    definitions = new Map();
    let raw: string | undefined;
    try {
      raw = readFileSync(file, 'utf8');
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
          file,
          ...(raw !== undefined ? { aside: setAside(file, raw, now) } : {}),
          err: missing ? 'the file is missing' : String(err),
        },
      );
    }
    return definitions;
  };

  return {
    lazyPin(stored) {
      const { hash, approvedAt, by } = stored;
      const pin = { hash, approvedAt, by } as Pin;
      Object.defineProperty(pin, 'definition', {
        enumerable: true,
        configurable: true,
        get: () => load().get(hash) ?? {},
        set: (value: Record<string, unknown>) =>
          Object.defineProperty(pin, 'definition', { value, writable: true, enumerable: true }),
      });
      return pin;
    },
  };
}
