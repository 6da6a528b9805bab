import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ServerConfig } from '../../src-shared/config.js';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The official example servers from node_modules: real stdio servers that need no network. */
export const EVERYTHING = path.join(
  ROOT,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);
export const MEMORY = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');

/** A file under test/fixtures, e.g. `fixture('servers/sleepy.mjs')`. */
export function fixture(rel: string): string {
  return path.join(ROOT, 'test/fixtures', rel);
}

/** A stdio server entry running a script (a fixture, an npm server) with this Node. */
export function nodeServer(script: string, ...args: string[]): ServerConfig {
  return { command: process.execPath, args: [script, ...args] };
}
