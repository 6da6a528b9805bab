/**
 * One running gateway for a test: the real engine on 127.0.0.1 (random port) over a throwaway
 * folder, its backends real child processes, with the control API client, SDK clients over
 * Streamable HTTP and one close() that stops all of it (the leak check holds every file to that).
 *
 *   const gw = await startGateway({ memory: nodeServer(MEMORY) });
 *   await gw.ready(['memory']);
 *   const { client } = await gw.connect();
 *   ...
 *   await gw.close();
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

import { createEngine, type Engine, type EngineOptions } from '../../src-main/engine/engine.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';
import type { Logger } from '../../src-main/engine/types.js';
import { type ApiClient, createApiClient } from '../../src-shared/api/client.js';
import type { GatewayConfigInput, ServerConfig } from '../../src-shared/config.js';
import type { EngineEvent } from '../../src-shared/events.js';
import { nodeFetch } from './http.js';
import { waitFor } from './wait.js';

/** Quick supervisor timings so tests do not wait on production backoffs; health pings off. */
export const FAST_SUPERVISOR = {
  pingIntervalMs: 600_000,
  startTimeoutMs: 20_000,
  backoffInitialMs: 50,
  backoffMaxMs: 400,
  backoffJitter: 0,
  stopGraceMs: 300,
};

export type GatewaySettings = GatewayConfigInput['gateway'];

export interface GatewayOptions {
  /** Watch the config file for hand edits (default off). */
  watchConfig?: boolean;
  /** Write `<dataDir>/gateway.json` so the CLI finds this gateway (default off). */
  writeRuntimeFile?: boolean;
  env?: NodeJS.ProcessEnv;
  /** A folder to use (and keep): by default a new one, removed on close. */
  dir?: string;
  /** The address to bind (default 127.0.0.1). */
  host?: string;
  logger?: Logger;
  /** The config file's text as it is (comments and all), instead of one built from the arguments. */
  configText?: string;
  /** The port to bind (default 0: any free one). */
  port?: number;
  /** Idle-memory release as the engine takes it (default: the engine's). */
  releaseIdleMemory?: EngineOptions['releaseIdleMemory'];
}

export interface ConnectOptions {
  name?: string;
  version?: string;
  capabilities?: ClientCapabilities;
  /** Another endpoint than the gateway's /mcp. */
  url?: string;
  headers?: Record<string, string>;
  /** Runs before the client connects: request handlers go here. */
  setup?(client: Client): void;
}

export interface Connection {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /** Ends the session on the gateway too. */
  close(): Promise<void>;
}

/** A v1 SDK client (what most clients run) over Streamable HTTP; the caller closes it. */
export async function connectHttp(url: string, options: ConnectOptions = {}): Promise<Connection> {
  const client = new Client(
    { name: options.name ?? 'gateway-test', version: options.version ?? '1.0.0' },
    options.capabilities === undefined ? undefined : { capabilities: options.capabilities },
  );
  options.setup?.(client);
  const transport = new StreamableHTTPClientTransport(
    new URL(url),
    options.headers === undefined ? undefined : { requestInit: { headers: options.headers } },
  );
  await client.connect(transport);
  return {
    client,
    transport,
    close: async () => {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

export interface ConnectV2Options {
  name?: string;
  version?: string;
  /** The v2 Client's options: capabilities, version negotiation (e.g. a pinned era), list-changed handlers. */
  options?: ConstructorParameters<typeof ClientV2>[1];
  /** Runs before the client connects: request handlers go here. */
  setup?(client: ClientV2): void;
}

/** A v2 SDK client over Streamable HTTP, connected; the caller closes it. */
export async function connectHttpV2(url: string, options: ConnectV2Options = {}): Promise<ClientV2> {
  const client = new ClientV2(
    { name: options.name ?? 'gateway-test', version: options.version ?? '2.0.0' },
    options.options,
  );
  options.setup?.(client);
  await client.connect(new HttpTransportV2(new URL(url)));
  return client;
}

export interface Gateway {
  /** The engine running now (a new one after restart()). */
  readonly engine: Engine;
  readonly api: ApiClient;
  readonly url: string;
  readonly mcpUrl: string;
  readonly token: string;
  configFile: string;
  dataDir: string;
  dir: string;
  /** Every event on the bus since the start, across restarts. */
  events: EngineEvent[];
  /** Resolve when `pred` holds; bounded. */
  waitFor(pred: () => boolean, what: string, maxMs?: number): Promise<void>;
  /** Wait until these servers' tools are in the catalog. */
  ready(servers: string[]): Promise<void>;
  /** Add a server to the config and start it. */
  addServer(name: string, server: ServerConfig): Promise<void>;
  /** An SDK client on this gateway, closed with it at the latest. */
  connect(options?: ConnectOptions): Promise<Connection>;
  /** Close the clients and the engine, keeping the folder (what a quit leaves behind). */
  stop(): Promise<void>;
  /** Stop (if running) and start a new engine over the same folder: a restart of the app. */
  restart(): Promise<void>;
  /** Close the clients, then the engine, then remove the folder (unless it was given). */
  close(): Promise<void>;
}

/**
 * The real engine on 127.0.0.1:0 with a throwaway folder and these servers. The test defaults
 * (fast supervisor timings, client tokens off: test/identity covers those) sit under `gateway`.
 */
export async function startGateway(
  servers: Record<string, ServerConfig>,
  gateway: GatewaySettings = {},
  options: GatewayOptions = {},
): Promise<Gateway> {
  const folder = gatewayFolder(servers, gateway, options);
  const { dir, configFile, dataDir } = folder;
  const events: EngineEvent[] = [];
  const connections = new Set<Connection>();
  const boot = async () => {
    const engine = await createEngine(engineOptions(folder, options));
    const sub = engine.ctx.bus.on((e) => events.push(e));
    const api = createApiClient({ baseUrl: engine.url, token: engine.token, fetch: nodeFetch });
    return { engine, api, sub };
  };
  let running: Awaited<ReturnType<typeof boot>> | undefined = await boot();
  const now = () => {
    if (running === undefined) {
      throw new Error('the gateway is stopped: restart() it first');
    }
    return running;
  };
  const stop = async () => {
    for (const c of connections) {
      await c.close().catch(() => undefined);
    }
    connections.clear();
    const was = running;
    running = undefined;
    was?.sub.dispose();
    await was?.engine.close();
  };
  return {
    get engine() {
      return now().engine;
    },
    get api() {
      return now().api;
    },
    get url() {
      return now().engine.url;
    },
    get mcpUrl() {
      return now().engine.mcpUrl;
    },
    get token() {
      return now().engine.token;
    },
    configFile,
    dataDir,
    dir,
    events,
    async waitFor(pred, what, maxMs = 20_000) {
      await waitFor(() => pred(), what, Math.ceil(maxMs / 50) + 1);
    },
    async ready(names) {
      const have = () =>
        new Set(
          now()
            .engine.ctx.catalog.tools()
            .map((t) => t.server),
        );
      await waitFor(() => names.every((n) => have().has(n)), `servers ready: ${names.join(', ')}`, 400);
    },
    async addServer(name, server) {
      const { ctx } = now().engine;
      await ctx.config.update((draft) => {
        draft.mcpServers[name] = server;
      });
      await ctx.supervisor.apply(ctx.config.current());
    },
    async connect(connectOptions = {}) {
      const c = await connectHttp(connectOptions.url ?? now().engine.mcpUrl, connectOptions);
      const close = c.close;
      const tracked: Connection = {
        ...c,
        close: async () => {
          connections.delete(tracked);
          await close();
        },
      };
      connections.add(tracked);
      return tracked;
    },
    stop,
    async restart() {
      await stop();
      running = await boot();
    },
    async close() {
      try {
        await stop();
      } finally {
        folder.remove();
      }
    },
  };
}

/** A gateway's folder: its config file (written), its data folder and the whole to remove. */
export interface GatewayFolder {
  dir: string;
  configFile: string;
  dataDir: string;
  /** Remove the folder, unless it was given. */
  remove(): void;
}

/**
 * The folder `startGateway` runs in, for a test that starts the engine itself (its start-up is
 * what it checks). The test defaults (fast supervisor timings, client tokens off) sit under
 * `gateway`.
 */
export function gatewayFolder(
  servers: Record<string, ServerConfig>,
  gateway: GatewaySettings = {},
  options: Pick<GatewayOptions, 'dir' | 'configText'> = {},
): GatewayFolder {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'mcpgw-test-'));
  const configFile = path.join(dir, 'config.json');
  const settings = {
    clientAuth: 'off',
    ...gateway,
    supervisor: { ...FAST_SUPERVISOR, ...gateway?.supervisor },
  };
  writeFileSync(
    configFile,
    options.configText ?? JSON.stringify({ gateway: settings, mcpServers: servers }, null, 2) + '\n',
  );
  return {
    dir,
    configFile,
    dataDir: path.join(dir, 'data'),
    remove() {
      if (options.dir === undefined) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** What `startGateway` hands `createEngine` for this folder: 127.0.0.1, any port, quiet, no watching. */
export function engineOptions(folder: GatewayFolder, options: GatewayOptions = {}): EngineOptions {
  return {
    paths: { configFile: folder.configFile, dataDir: folder.dataDir },
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    logger: options.logger ?? silentLogger,
    watchConfig: options.watchConfig ?? false,
    writeRuntimeFile: options.writeRuntimeFile ?? false,
    env: options.env ?? process.env,
    ...(options.releaseIdleMemory !== undefined ? { releaseIdleMemory: options.releaseIdleMemory } : {}),
  };
}
