/**
 * Which parts of a server's config make it a different running process. The supervisor restarts
 * a server when this changes; the list cache keys a server's persisted lists by it.
 */
import type { ServerConfig } from './config.js';

/** Keys sorted recursively, so two configs that mean the same compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * What decides whether a running server must restart after a config change. Fields that only
 * affect the catalog (tool filters, description) or the on/off switch are left out.
 */
export function runtimeIdentity(config: ServerConfig): string {
  const {
    tools: _tools,
    description: _description,
    disabled: _disabled,
    timeout: _timeout,
    sleepAfterMs: _sleepAfterMs,
    keepAwake: _keepAwake,
    startAtLaunch: _startAtLaunch,
    ...rest
  } = config;
  return JSON.stringify(canonical(rest));
}
