import type { GatewayConfig, ServerConfig } from '../../../src-shared/config.js';
import type { SelectionSettings } from './select.js';

/** The parts of the gateway config the catalog reads, taken once per config change. */
export interface CatalogSettings {
  separator: string;
  maxCallMs: number;
  listTimeoutMs: number;
  servers: ReadonlyMap<string, ServerConfig>;
  /** Server names in config order: the order lists are merged in. */
  order: readonly string[];
  global: SelectionSettings;
}

export function settingsOf(config: GatewayConfig): CatalogSettings {
  const g = config.gateway;
  const order = Object.keys(config.mcpServers);
  return {
    separator: g.toolSeparator,
    maxCallMs: g.limits.maxCallMs,
    listTimeoutMs: Math.max(g.limits.requestTimeoutMs, 30_000),
    servers: new Map(order.map((n) => [n, config.mcpServers[n] as ServerConfig])),
    order,
    global: { maxTools: g.maxTools, maxTokens: g.maxTokens, compaction: g.compaction },
  };
}
