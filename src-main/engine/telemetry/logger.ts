import { isSecretKey, REDACTED, redactText } from '../../../src-shared/redact.js';
import type { LogLevel, Logger } from '../types.js';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Replace values under secret-looking keys (the one rule in src-shared/redact.ts), recursively;
 * strings inside `env`/`headers` too; URL credentials and `--token value` inside any string.
 */
export function redact(value: unknown, depth = 0, parentKey = ''): unknown {
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

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stderr (stdout belongs to MCP in the stdio bridge). */
  write?: (line: string) => void;
  /** `json` for machines, `pretty` for people at a terminal. */
  format?: 'json' | 'pretty';
}

export function createLogger(options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const format = options.format ?? 'pretty';
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) {
      return;
    }
    const data = redact({ ...bindings, ...fields }) as Record<string, unknown>;
    if (format === 'json') {
      write(JSON.stringify({ t: new Date().toISOString(), level, msg: redactText(msg), ...data }));
      return;
    }
    const extra = Object.entries(data)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    write(
      `${new Date().toISOString().slice(11, 23)} ${level.padEnd(5)} ${redactText(msg)}${extra ? ' ' + extra : ''}`,
    );
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
