import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEventBus } from '../../src-main/engine/events.js';
import { createSupervisor, type SupervisorOptions } from '../../src-main/engine/supervisor/index.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';
import type { Clock, SupervisorApi, TimerHandle } from '../../src-main/engine/types.js';
import type { GatewayConfig, ServerConfig } from '../../src-shared/config.js';
import { GatewayConfigSchema } from '../../src-shared/config.js';
import type { EventOf } from '../../src-shared/events.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function fixture(name: string): string {
  return path.join(ROOT, 'test/fixtures/servers', name);
}

/** A stdio server entry running a fixture (or any script) with this Node. */
export function nodeServer(script: string, ...args: string[]): ServerConfig {
  return { command: process.execPath, args: [script, ...args] };
}

export const EVERYTHING = path.join(
  ROOT,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);
export const MEMORY = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');

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

/** Polls until `check` returns a value (not undefined/false), at most `tries` × `everyMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  tries = 200,
  everyMs = 50,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await check();
    if (v !== undefined && v !== false) {
      return v;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function waitForState(h: Harness, name: string, state: string, after = 0): Promise<StateEvent> {
  return waitFor(
    () => h.events.slice(after).find((e) => e.server === name && e.state === state),
    `${name} to reach ${state} (seen: ${h.states(name).join(' → ')})`,
  );
}

/** A clock whose timers fire only when the test advances it (time itself is never waited for). */
export function manualClock(): Clock & { advance(ms: number): void; pending(): number[] } {
  let now = 1_000_000;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t as TimerHandle;
    },
    clearTimeout(h) {
      timers = timers.filter((t) => t !== h);
    },
    /** Delays of the timers waiting, from now, shortest first. */
    pending: () => timers.map((t) => t.at - now).sort((a, b) => a - b),
    advance(ms) {
      const until = now + ms;
      for (let i = 0; i < 1_000; i += 1) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) {
          break;
        }
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    },
  };
}
