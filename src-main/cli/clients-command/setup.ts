import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Command } from 'commander';

import { type ApiClient, createApiClient } from '../../../src-shared/api/client.js';
import { health, listSessions } from '../../../src-shared/api/routes.js';
import { DEFAULT_HOST, DEFAULT_PORT, type ServerConfig } from '../../../src-shared/config.js';
import type { ClientManager } from '../../engine/clients/index.js';
import { openConfigStore } from '../../engine/config/index.js';
import { systemClock } from '../../engine/events.js';
import { defaultPaths } from '../../engine/paths.js';
import type { Logger } from '../../engine/types.js';
import { findGateway } from '../connection.js';
import { CliError } from '../output.js';
import type { Printer } from './printer.js';
import { tokenIssuer } from './token-issuer.js';

/** What every `clients` subcommand starts from: the client manager, the gateway and its config. */

export interface ClientsCommandDeps {
  env?: NodeJS.ProcessEnv;
  platform?: string;
  /** The command line that runs the stdio bridge (`--url <gateway>` is appended); default: this Node binary running `mcp-gateway stdio`. */
  bridgeCommand?: { command: string; args: string[] };
  /** Gateway config file and data folder (default: the app's folders, or $MCP_GATEWAY_HOME). */
  configFile?: string;
  dataDir?: string;
  /** Output (default: stdout). */
  write?: (text: string) => void;
}

/** The options every `clients` subcommand takes. */
export interface CommonOpts {
  url?: string;
  json?: boolean;
  config?: string;
}

export const quietLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return quietLogger;
  },
};

/** The CLI script, found upwards from this module (works from src and from dist). */
export function defaultBridge(): { command: string; args: string[] } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'bin', 'mcp-gateway.js');
    if (existsSync(candidate)) {
      return { command: process.execPath, args: [candidate, 'stdio'] };
    }
    dir = path.dirname(dir);
  }
  return { command: 'mcp-gateway', args: ['stdio'] };
}

export interface Setup {
  manager: ClientManager;
  gatewayUrl: string;
  configFile: string;
  /** The running gateway's API, when it answers. */
  api: ApiClient | undefined;
  gatewayServers: Record<string, ServerConfig>;
}

/** What the gateway's config file says, for when no gateway runs. */
export interface LocalGateway {
  servers: Record<string, ServerConfig>;
  port: number;
  host: string;
  clientAuth: 'required' | 'off';
}

export async function readGatewayServers(configFile: string): Promise<LocalGateway> {
  try {
    await stat(configFile);
  } catch {
    return { servers: {}, port: DEFAULT_PORT, host: DEFAULT_HOST, clientAuth: 'required' };
  }
  const store = await openConfigStore({
    path: configFile,
    logger: quietLogger,
    watch: false,
    createIfMissing: false,
  });
  try {
    const problem = store.problem();
    if (problem !== undefined) {
      throw new CliError(
        `the gateway config ${configFile} has a problem${problem.line ? ` at line ${problem.line}` : ''}: ${problem.message} — fix it first`,
      );
    }
    const c = store.current();
    return {
      servers: c.mcpServers,
      port: c.gateway.port,
      host: c.gateway.host,
      clientAuth: c.gateway.clientAuth,
    };
  } finally {
    await store.close();
  }
}

async function reachable(api: ApiClient): Promise<boolean> {
  try {
    await api.call(health);
    return true;
  } catch {
    return false;
  }
}

interface Reached {
  api: ApiClient | undefined;
  /** Where clients reach the gateway: the running one, else where its config says it will listen. */
  gatewayUrl: string;
}

async function reachGateway(env: NodeJS.ProcessEnv, opts: CommonOpts, local: LocalGateway): Promise<Reached> {
  const target = await findGateway(opts.url, env);
  const known = opts.url !== undefined || env.MCP_GATEWAY_URL !== undefined || target.runtime !== undefined;
  let api: ApiClient | undefined;
  if (target.token !== undefined && known) {
    const candidate = createApiClient({
      baseUrl: target.baseUrl,
      token: target.token,
      fetch: (url, init) =>
        fetch(url, { ...(init as RequestInit), signal: AbortSignal.timeout(5_000) }) as never,
    });
    api = (await reachable(candidate)) ? candidate : undefined;
  }
  // Without a running gateway, the URL comes from its config: that is where it will listen.
  const base = known ? target.baseUrl : `http://${local.host}:${local.port}`;
  return { api, gatewayUrl: `${base.replace(/\/+$/, '')}/mcp` };
}

/** The names of the clients with a session open at the gateway (none when it does not answer). */
async function seenClients(api: ApiClient | undefined): Promise<string[]> {
  if (api === undefined) {
    return [];
  }
  try {
    return (await api.call(listSessions)).sessions.map((s) => s.clientName);
  } catch {
    return [];
  }
}

export async function setup(deps: ClientsCommandDeps, opts: CommonOpts): Promise<Setup> {
  const env = deps.env ?? process.env;
  const paths = defaultPaths(env);
  const configFile = opts.config ?? deps.configFile ?? paths.configFile;
  const dataDir = deps.dataDir ?? paths.dataDir;
  const local = await readGatewayServers(configFile);
  const { api, gatewayUrl } = await reachGateway(env, opts, local);
  const seen = await seenClients(api);
  const gatewayServers = local.servers;
  // Loaded here, not at start: every other command (and `serve`) starts faster without it.
  const { createClientManager } = await import('../../engine/clients/index.js');
  const manager = createClientManager({
    env,
    platform: deps.platform ?? process.platform,
    dataDir,
    gatewayUrl,
    bridgeCommand: deps.bridgeCommand ?? defaultBridge(),
    logger: quietLogger,
    clock: systemClock,
    seenClients: () => seen,
    gatewayServers: () => gatewayServers,
    tokens: await tokenIssuer(api, gatewayUrl, local, dataDir),
  });
  return { manager, gatewayUrl, configFile, api, gatewayServers };
}

/** `--url`, `--config` and `--json`, which every `clients` subcommand takes. */
export function commonOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'gateway URL (default: the running gateway, or $MCP_GATEWAY_URL)')
    .option('--config <file>', 'gateway config file (default: the app data folder, or $MCP_GATEWAY_HOME)')
    .option('--json', 'print JSON');
}

/** What each subcommand's registration gets: the injected dependencies and where to print. */
export interface ClientsContext {
  deps: ClientsCommandDeps;
  out: Printer;
}
