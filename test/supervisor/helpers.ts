import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createEventBus } from '../../src-main/engine/events.js';
import { createSupervisor, type SupervisorOptions } from '../../src-main/engine/supervisor/index.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';
import type { SupervisorApi } from '../../src-main/engine/types.js';
import type { GatewayConfig, ServerConfig } from '../../src-shared/config.js';
import { GatewayConfigSchema } from '../../src-shared/config.js';
import type { EventOf } from '../../src-shared/events.js';
import { waitFor } from '../lib/wait.js';

/** Timings small enough for tests; health pings effectively off unless a test turns them on. */
export const FAST = {
  pingIntervalMs: 600_000,
  pingTimeoutMs: 1_000,
  pingFailures: 2,
  startTimeoutMs: 20_000,
  backoffInitialMs: 50,
  backoffFactor: 2,
  backoffMaxMs: 400,
  backoffJitter: 0,
  stableUptimeMs: 600_000,
  circuitMaxFailures: 50,
  circuitWindowMs: 600_000,
  circuitCooldownMs: 600_000,
  stopGraceMs: 300,
  logLines: 200,
};

export function config(servers: Record<string, ServerConfig>): GatewayConfig {
  return GatewayConfigSchema.parse({ mcpServers: servers });
}

export type StateEvent = EventOf<'server.state'>;

export interface Harness {
  sup: SupervisorApi;
  events: StateEvent[];
  dataDir: string;
  /** States one server went through, in order. */
  states(name: string): string[];
  close(): Promise<void>;
}

export function harness(
  options: Partial<SupervisorOptions> & { settings?: Partial<typeof FAST> } = {},
): Harness {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gw-sup-'));
  const bus = createEventBus();
  const events: StateEvent[] = [];
  bus.on((e) => {
    if (e.type === 'server.state') {
      events.push(e);
    }
  });
  const sup = createSupervisor({
    logger: silentLogger,
    bus,
    hooks: { capabilities: () => ({}), prepare: () => undefined },
    dataDir,
    ...options,
    settings: { ...FAST, ...options.settings },
  });
  return {
    sup,
    events,
    dataDir,
    states: (name) => events.filter((e) => e.server === name).map((e) => e.state),
    async close() {
      await sup.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function waitForState(h: Harness, name: string, state: string, after = 0): Promise<StateEvent> {
  return waitFor(
    () => h.events.slice(after).find((e) => e.server === name && e.state === state),
    `${name} to reach ${state} (seen: ${h.states(name).join(' → ')})`,
  );
}
