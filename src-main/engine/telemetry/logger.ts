import { isSecretKey, REDACTED, redactText } from '../../../src-shared/redact.js';
import type { Logger, LogLevel } from '../types.js';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Replace values under secret-looking keys (the one rule in src-shared/redact.ts), recursively;
 * strings inside `env`/`headers` too; URL credentials and `--token value` inside any string.
 */
function redact(value: unknown, depth = 0, parentKey = ''): unknown {
  if (typeof value === 'string') {
    return redactText(value);
  }
  if (depth > 6 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => redact(v, depth + 1, parentKey));
  }
  const out: Record<string, unknown> = {};
  const sensitiveParent = /^(env|headers)$/i.test(parentKey);
  for (const [k, v] of Object.entries(value)) {
    if (isSecretKey(k) || (sensitiveParent && typeof v === 'string')) {
      out[k] = typeof v === 'string' && v.length > 0 ? REDACTED : v;
    } else {
      out[k] = redact(v, depth + 1, k);
    }
  }
  return out;
}

/** JSON.stringify's replacer for log fields: BigInt as a string, cycles cut. */
function safeReplacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (typeof value === 'bigint') {
      return value.toString();
    }
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) {
        return '[circular]';
      }
      seen.add(value);
    }
    return value;
  };
}

function stringify(value: unknown): string {
  return JSON.stringify(value, safeReplacer()) ?? String(value);
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stderr (stdout belongs to MCP in the stdio bridge). */
  write?: (line: string) => void;
  /** `json` for machines, `pretty` for people at a terminal. */
  format?: 'json' | 'pretty';
}

export function createLogger(options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const write =
    options.write ??
    ((line: string) => {
      // A stderr that failed (its reader is gone) is not written again: nothing would arrive.
      if (!process.stderr.destroyed) {
        process.stderr.write(line + '\n');
      }
    });
  const format = options.format ?? 'pretty';
  /**
   * Logging never throws: a full disk, a closed stderr or a field that cannot be serialised
   * (BigInt, a cycle) must not turn a log call into a failure of whatever was being logged.
   */
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) {
      return;
    }
    try {
      write(format_(level, msg, fields));
    } catch {
      // The sink failed (ENOSPC, EPIPE): the line is lost, the caller goes on.
    }
  };
  const format_ = (level: LogLevel, msg: string, fields?: Record<string, unknown>): string => {
    const data = redact({ ...bindings, ...fields }) as Record<string, unknown>;
    if (format === 'json') {
      return JSON.stringify(
        { t: new Date().toISOString(), level, msg: redactText(msg), ...data },
        safeReplacer(),
      );
    }
    const extra = Object.entries(data)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : stringify(v)}`)
      .join(' ');
    return `${new Date().toISOString().slice(11, 23)} ${level.padEnd(5)} ${redactText(msg)}${extra ? ' ' + extra : ''}`;
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (b) => createLogger(options, { ...bindings, ...b }),
  };
}

/** A logger that drops everything (tests, embedding). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
