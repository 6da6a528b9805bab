// Imported as text so the data file stays outside the renderer's type-checked sources.
import raw from '../../resources/catalog/servers.json?raw';
import type { ServerConfig } from '../../src-shared/config.js';
import { quoteArgs } from '../../src-shared/server-snippets.js';

interface CatalogEnv {
  name: string;
  description: string;
  required?: boolean;
  secret?: boolean;
}

export interface CatalogEntry {
  id: string;
  name: string;
  description: string;
  homepage: string;
  command?: string;
  args?: string[];
  url?: string;
  type?: string;
  env?: CatalogEnv[];
  tags?: string[];
}

export const CATALOG: readonly CatalogEntry[] = (JSON.parse(raw) as { servers: CatalogEntry[] }).servers;

export function catalogConfig(e: CatalogEntry, env: Record<string, string>): ServerConfig {
  if (e.url !== undefined) {
    return e.type !== undefined ? { url: e.url, type: e.type } : { url: e.url };
  }
  const cfg: ServerConfig = { command: e.command ?? '', args: [...(e.args ?? [])] };
  const filled = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  if (Object.keys(filled).length > 0) {
    cfg.env = filled;
  }
  return cfg;
}

/** The full command line, shown before adding: it runs code on this machine. */
export function commandLine(cfg: ServerConfig): string {
  if (cfg.url !== undefined) {
    return cfg.url;
  }
  return quoteArgs([cfg.command ?? '', ...(cfg.args ?? [])]);
}
