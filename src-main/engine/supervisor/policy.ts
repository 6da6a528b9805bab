import type { ServerConfig } from '../../../src-shared/config.js';
import type { ErrorCode } from '../../../src-shared/errors.js';

/** The restart timings (a subset of `gateway.supervisor`). */
export interface BackoffSettings {
  backoffInitialMs: number;
  backoffFactor: number;
  backoffMaxMs: number;
  backoffJitter: number;
}

/**
 * Delay before restart attempt `attempt` (0-based): initial × factor^attempt, capped, then
 * spread by ± jitter so servers that failed together do not restart in lockstep.
 */
export function backoffDelay(
  attempt: number,
  s: BackoffSettings,
  random: () => number = Math.random,
): number {
  const base = Math.min(s.backoffMaxMs, s.backoffInitialMs * Math.pow(s.backoffFactor, Math.max(0, attempt)));
  const spread = base * s.backoffJitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}

/** Failures still inside the circuit window, oldest first. */
export function failuresInWindow(times: readonly number[], now: number, windowMs: number): number[] {
  return times.filter((t) => now - t < windowMs);
}

/** Errors a restart cannot fix: the config (or the machine) must change first. */
const NEEDS_ATTENTION: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ENV_KEY_REFUSED',
  'ARG_REFUSED',
  'COMMAND_NOT_FOUND',
  'CONFIG_INVALID',
  'VALIDATION_FAILED',
  'SECRET_NOT_FOUND',
  'KEYCHAIN_UNAVAILABLE',
]);

export function needsAttention(code: ErrorCode | undefined): boolean {
  return code !== undefined && NEEDS_ATTENTION.has(code);
}

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

/** "1.2 s", "350 ms", "2 min". */
export function formatDelay(ms: number): string {
  if (ms < 1_000) {
    return `${ms} ms`;
  }
  if (ms < 120_000) {
    return `${(ms / 1_000).toFixed(1).replace(/\.0$/, '')} s`;
  }
  return `${Math.round(ms / 60_000)} min`;
}
