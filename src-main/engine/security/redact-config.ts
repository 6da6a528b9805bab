import { REDACTED } from '../../../src-shared/api/schemas.js';

/**
 * Secrets never leave the gateway: env and header values are replaced by `[redacted]` in API
 * answers and exports, except values that are only references (`${VAR}`, `${secret:NAME}`,
 * optionally after an auth scheme like `Bearer `), which say where a secret lives, not what it is.
 */

const REFERENCE = /\$\{(?:secret:)?[A-Za-z_][A-Za-z0-9_.-]*\}/g;

export function isSecretReference(value: string): boolean {
  if (!REFERENCE.test(value)) {
    return false;
  }
  REFERENCE.lastIndex = 0;
  const rest = value.replace(REFERENCE, '').trim();
  return rest === '' || /^(Bearer|Basic|Token)$/i.test(rest);
}

function redactMap(map: unknown): unknown {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    return map;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) {
    out[k] = typeof v === 'string' && v !== '' && !isSecretReference(v) ? REDACTED : v;
  }
  return out;
}

/** One server entry with env and header values redacted. */
export function redactServerConfig(server: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...server };
  if ('env' in out) {
    out.env = redactMap(out.env);
  }
  if ('headers' in out) {
    out.headers = redactMap(out.headers);
  }
  return out;
}

/** A whole config (as parsed) with every server's secrets redacted. */
export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  const servers = (config.mcpServers ?? {}) as Record<string, Record<string, unknown>>;
  return {
    ...config,
    mcpServers: Object.fromEntries(Object.entries(servers).map(([n, s]) => [n, redactServerConfig(s)])),
  };
}
