import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import envPaths from 'env-paths';

import type { EnginePaths } from './types.js';

/**
 * Where the gateway keeps its files. `MCP_GATEWAY_HOME` puts everything in one folder
 * (tests, portable installs); otherwise the OS's config and data folders are used.
 */
export function defaultPaths(env: NodeJS.ProcessEnv = process.env): EnginePaths {
  const home = env.MCP_GATEWAY_HOME;
  if (home) {
    return { configFile: path.join(home, 'config.json'), dataDir: path.join(home, 'data') };
  }
  const p = envPaths('mcp-gateway', { suffix: '' });
  return { configFile: path.join(p.config, 'config.json'), dataDir: p.data };
}

/** Whether `dir` holds the product's own package.json (dist/bundle and bin hold others). */
function isProductRoot(dir: string): boolean {
  try {
    return (
      (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name ===
      PRODUCT
    );
  } catch {
    return false;
  }
}

const PRODUCT = 'mcp-gateway-desktop';

/** The installed package's root folder (holds its package.json), found by walking up from this file. */
function packageRoot(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i += 1) {
    if (isProductRoot(dir)) {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) {
      break;
    }
    dir = up;
  }
  return undefined;
}

/** A file under `resources/` of the installed package (data the product ships, e.g. word vectors). */
export function defaultResourceFile(...parts: string[]): string {
  return path.join(packageRoot() ?? path.resolve('.'), 'resources', ...parts);
}

/** `dist/renderer` of the installed package. */
export function defaultRendererDir(): string {
  return path.join(packageRoot() ?? path.resolve('.'), 'dist', 'renderer');
}

/** How a stdio-only client starts the bridge: this Node running the package's `mcp-gateway stdio`. */
export function defaultBridgeCommand(): { command: string; args: string[] } {
  const root = packageRoot();
  const bin = root === undefined ? undefined : path.join(root, 'bin', 'mcp-gateway.js');
  return bin !== undefined && existsSync(bin)
    ? { command: process.execPath, args: [bin, 'stdio'] }
    : { command: 'mcp-gateway', args: ['stdio'] };
}
