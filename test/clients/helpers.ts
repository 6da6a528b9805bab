import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  type ClientManager,
  type ClientManagerOptions,
  createClientManager,
} from '../../src-main/engine/clients/index.js';
import type { Logger } from '../../src-main/engine/types.js';

export const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'client-configs',
);
/** The official memory server from node_modules: a real stdio server that needs no network. */
export const MEMORY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../node_modules/@modelcontextprotocol/server-memory/dist/index.js',
);
export const GATEWAY_URL = 'http://127.0.0.1:7411/mcp';
export const BRIDGE = {
  command: '/usr/local/bin/node',
  args: ['/opt/mcp-gateway/bin/mcp-gateway.js', 'stdio'],
};

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

export interface TempHome {
  home: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

export async function tempHome(): Promise<TempHome> {
  const root = await mkdtemp(path.join(tmpdir(), 'mcpgw-clients-'));
  const home = path.join(root, 'home');
  const dataDir = path.join(root, 'data');
  await mkdir(home, { recursive: true });
  return { home, dataDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function fixture(rel: string): Promise<Buffer> {
  return readFile(path.join(FIXTURES, rel));
}

/** Copy a fixture into place, replacing `__PROJECT__` placeholders. */
export async function place(
  target: string,
  rel: string,
  replace: Record<string, string> = {},
): Promise<Buffer> {
  let text = (await fixture(rel)).toString('utf8');
  for (const [k, v] of Object.entries(replace)) {
    text = text.split(k).join(v);
  }
  const bytes = Buffer.from(text, 'utf8');
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, bytes);
  return bytes;
}

let clock = Date.parse('2026-11-21T12:00:00Z');

export function manager(h: TempHome, extra: Partial<ClientManagerOptions> = {}): ClientManager {
  return createClientManager({
    env: { HOME: h.home },
    platform: 'linux',
    dataDir: h.dataDir,
    gatewayUrl: GATEWAY_URL,
    bridgeCommand: BRIDGE,
    logger: silentLogger,
    clock: { now: () => (clock += 1000) },
    ...extra,
  });
}
