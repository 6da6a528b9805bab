import path from 'node:path';

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
