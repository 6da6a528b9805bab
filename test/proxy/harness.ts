import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { createEngine, type Engine } from '../../src-main/engine/engine.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';
import type { GatewayConfigInput, ServerConfig } from '../../src-shared/config.js';
import type { EngineEvent } from '../../src-shared/events.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EVERYTHING = path.join(
  ROOT,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);
export const MEMORY = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');

export function fixture(name: string): string {
  return path.join(ROOT, 'test/fixtures', name);
}

export function nodeServer(script: string, ...args: string[]): ServerConfig {
  return { command: process.execPath, args: [script, ...args] };
}

/** Fast supervisor timings; health pings effectively off. */
const SUPERVISOR = {
  pingIntervalMs: 600_000,
  startTimeoutMs: 20_000,
  backoffInitialMs: 50,
  backoffMaxMs: 400,
  backoffJitter: 0,
  stopGraceMs: 300,
};

export interface Gateway {
  engine: Engine;
  url: string;
  mcpUrl: string;
  events: EngineEvent[];
  dir: string;
  /** Wait until these servers are loaded in the catalog. */
  ready(servers: string[]): Promise<void>;
  addServer(name: string, server: ServerConfig): Promise<void>;
  close(): Promise<void>;
}

/** The real engine composition on 127.0.0.1 with a random port and a throwaway data folder. */
export async function startGateway(
  servers: Record<string, ServerConfig>,
  gateway: GatewayConfigInput['gateway'] = {},
): Promise<Gateway> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-proxy-'));
  const configFile = path.join(dir, 'config.json');
  // Client tokens are off unless a test asks for them: these suites are about proxying (test/identity covers tokens).
  writeFileSync(
    configFile,
    JSON.stringify(
      { gateway: { supervisor: SUPERVISOR, clientAuth: 'off', ...gateway }, mcpServers: servers },
      null,
      2,
    ),
  );
  const engine = await createEngine({
    paths: { configFile, dataDir: path.join(dir, 'data') },
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    watchConfig: false,
    writeRuntimeFile: false,
  });
  const events: EngineEvent[] = [];
  const sub = engine.ctx.bus.on((e) => events.push(e));
  const ready = async (names: string[]) => {
    // Bounded poll on the catalog; each loop is a short sleep.
    for (let i = 0; i < 400; i++) {
      const have = new Set(engine.ctx.catalog.tools().map((t) => t.server));
      if (names.every((n) => have.has(n))) {
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`servers not ready: ${names.join(', ')}`);
  };
  return {
    engine,
    url: engine.url,
    mcpUrl: engine.mcpUrl,
    events,
    dir,
    ready,
    async addServer(name, server) {
      await engine.ctx.config.update((draft) => {
        draft.mcpServers[name] = server;
      });
      await engine.ctx.supervisor.apply(engine.ctx.config.current());
    },
    async close() {
      sub.dispose();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 2025-era SDK client over Streamable HTTP; close() ends the session on the gateway too. */
export async function connectHttp(
  url: string,
  name = 'proxy-test',
): Promise<{ client: Client; close: () => Promise<void> }> {
  const client = new Client({ name, version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return {
    client,
    close: async () => {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}
