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
