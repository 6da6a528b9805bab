import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Tool } from '@modelcontextprotocol/client';

import { type ManagedConfigStore, openConfigStore } from '../../src-main/engine/config/index.js';
import { createEventBus } from '../../src-main/engine/events.js';
import { silentLogger } from '../../src-main/engine/telemetry/index.js';
import { createTrustState, type TrustState } from '../../src-main/engine/trust/trust-state.js';
import type { TrustMode } from '../../src-shared/api/trust.js';
import type { EngineEvent } from '../../src-shared/events.js';
import { type ManualClock, manualClock } from './clock.js';

export interface TrustFixture {
  state: TrustState;
  config: ManagedConfigStore;
  clock: ManualClock;
  dir: string;
  /** Events emitted on the bus so far. */
  events: EngineEvent[];
  close(): Promise<void>;
}

/** A tool definition with a description and an empty object schema. */
export function tool(name: string, description = `Does ${name}.`): Tool {
  return { name, description, inputSchema: { type: 'object', properties: {} } } as Tool;
}

/** Trust's shared state over a real config file and pin files in a fresh directory. */
export async function trustFixture(servers: Record<string, TrustMode | undefined>): Promise<TrustFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'trust-'));
  const file = path.join(dir, 'config.json');
  const mcpServers = Object.fromEntries(
    Object.entries(servers).map(([name, trust]) => [
      name,
      { command: 'node', args: ['server.js'], ...(trust !== undefined ? { trust } : {}) },
    ]),
  );
  await writeFile(file, JSON.stringify({ mcpServers }));
  const config = await openConfigStore({ path: file, logger: silentLogger, watch: false });
  const bus = createEventBus();
  const events: EngineEvent[] = [];
  bus.on((e) => events.push(e));
  const clock = manualClock();
  const state = createTrustState({ dataDir: dir, config, bus, logger: silentLogger, clock });
  return {
    state,
    config,
    clock,
    dir,
    events,
    async close() {
      await config.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
