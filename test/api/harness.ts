import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEngine, type Engine } from '../../src-main/engine/engine.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';
import { type ApiClient, createApiClient } from '../../src-shared/api/client.js';
import type { ServerConfig } from '../../src-shared/config.js';
import type { EngineEvent } from '../../src-shared/events.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MEMORY = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
export const EVERYTHING = path.join(
  ROOT,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);

export function nodeServer(script: string, ...args: string[]): ServerConfig {
  return { command: process.execPath, args: [script, ...args] };
}

/** Quick supervisor timings so tests do not wait on production backoffs. */
export const FAST_SUPERVISOR = {
  pingIntervalMs: 600_000,
  startTimeoutMs: 20_000,
  backoffInitialMs: 50,
  backoffMaxMs: 400,
  backoffJitter: 0,
  stopGraceMs: 300,
};

export interface TestGateway {
  engine: Engine;
  api: ApiClient;
  url: string;
  token: string;
  configFile: string;
  dataDir: string;
  dir: string;
  events: EngineEvent[];
  /** Resolve when `pred` holds, polling the bus history; bounded. */
  waitFor(pred: () => boolean, what: string, maxMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const nodeFetch = (url: string, init: unknown) => fetch(url, init as RequestInit) as never;

/** The real engine on 127.0.0.1:0 with a throwaway data folder and real backend servers. */
export async function startTestGateway(
  servers: Record<string, ServerConfig>,
  gateway: Record<string, unknown> = {},
  options: { watchConfig?: boolean; writeRuntimeFile?: boolean; env?: NodeJS.ProcessEnv; dir?: string } = {},
): Promise<TestGateway> {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'mcpgw-api-'));
  const configFile = path.join(dir, 'config.json');
  const dataDir = path.join(dir, 'data');
  writeFileSync(
    configFile,
    // Client tokens are off unless a test asks for them (test/identity covers them).
    JSON.stringify(
      { gateway: { supervisor: FAST_SUPERVISOR, clientAuth: 'off', ...gateway }, mcpServers: servers },
      null,
      2,
    ) + '\n',
  );
  const engine = await createEngine({
    paths: { configFile, dataDir },
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    watchConfig: options.watchConfig ?? false,
    writeRuntimeFile: options.writeRuntimeFile ?? false,
    env: options.env ?? process.env,
  });
  const events: EngineEvent[] = [];
  const sub = engine.ctx.bus.on((e) => events.push(e));
  const api = createApiClient({ baseUrl: engine.url, token: engine.token, fetch: nodeFetch });
  const waitFor = async (pred: () => boolean, what: string, maxMs = 20_000) => {
    for (let waited = 0; !pred(); waited += 50) {
      if (waited > maxMs) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    engine,
    api,
    url: engine.url,
    token: engine.token,
    configFile,
    dataDir,
    dir,
    events,
    waitFor,
    async close() {
      sub.dispose();
      await engine.close();
      if (options.dir === undefined) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): Record<string, unknown>;
}

/** A raw HTTP request with full control over Host and other headers fetch would not let us set. */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body) as Record<string, unknown>,
          });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      req.write(options.body);
    }
    req.end();
  });
}
