import type { Tool } from '@modelcontextprotocol/client';

import type { TrustMode } from '../../../src-shared/api/trust.js';
import type { Clock, ConfigStore, EventBus, Logger } from '../types.js';
import { createDefinitionHashes, type DefinitionHashes } from './canonical.js';
import type { Evaluated } from './evaluated.js';
import type { ScanRule } from './rules.js';
import { createScanner, type Scanner } from './scanner.js';
import { openPinStore, type PinStore } from './store.js';

export interface TrustDeps {
  dataDir: string;
  config: ConfigStore;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  /** The scanner's rules (default: rules.ts). */
  rules?: readonly ScanRule[];
  /** Definition hashes shared with the list cache (default: this module's own). */
  hashes?: DefinitionHashes;
}

/** What the parts of trust share: the pins, the scanner and the last evaluation per server. */
export interface TrustState {
  readonly config: ConfigStore;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: PinStore;
  readonly scanner: Scanner;
  /** The last evaluated listing per server (kept while a server is down, so its review stays open). */
  readonly latest: Map<string, Map<string, Evaluated>>;
  /** `${name}\0${hash}` already announced as held back, per server: announce each change once. */
  readonly announced: Map<string, Set<string>>;
  /** Called after an approval or rejection. */
  readonly listeners: Set<() => void>;
  hashOf(tool: Tool): string;
  modeOf(server: string): TrustMode;
  /** Write the pins; a failure is logged and the pins stay in memory. */
  save(): void;
  /** Drop what is known of a server (it was added or removed). */
  forget(server: string): void;
}

const DEFAULT_MODE: TrustMode = 'changes';

export function createTrustState(deps: TrustDeps): TrustState {
  const { config, clock } = deps;
  const logger = deps.logger.child({ component: 'trust' });
  const store = openPinStore(deps.dataDir, logger, () => clock.now());
  const hashes = deps.hashes ?? createDefinitionHashes();
  const latest = new Map<string, Map<string, Evaluated>>();
  const announced = new Map<string, Set<string>>();
  return {
    config,
    bus: deps.bus,
    clock,
    logger,
    store,
    scanner: createScanner(deps.rules),
    latest,
    announced,
    listeners: new Set(),
    hashOf: (tool) => hashes.of(tool),
    modeOf: (server) => config.current().mcpServers[server]?.trust ?? DEFAULT_MODE,
    save() {
      try {
        store.save();
      } catch (err) {
        // Pins stay in memory; the next change tries again.
        logger.error('could not write the tool pin file', { file: store.file, err: String(err) });
      }
    },
    forget(server) {
      latest.delete(server);
      announced.delete(server);
      if (store.delete(server)) {
        store.save();
      }
    },
  };
}
