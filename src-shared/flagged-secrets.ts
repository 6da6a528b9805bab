/**
 * Redacting a server imported from a client's config, where the import flagged which values
 * look like secrets (the wizard offers to move those to the keychain). The general rule for
 * URLs, arguments and free text is in redact.ts; this applies it plus the flags.
 */
import type { ServerConfig } from './config.js';
import { redactArgs, REDACTED, redactUrl } from './redact.js';

/** A value in an imported server that should probably live in the keychain. */
export interface SecretFlag {
  field: 'env' | 'headers' | 'args';
  /** Variable or header name; for args, the flag or the argument's index. */
  key: string;
  /** `name`: the key looks like a secret; `value`: the value looks like a token. */
  reason: 'name' | 'value';
}

/** The secret strings inside a server config, found from its flags. */
export function flaggedSecretValues(
  config: ServerConfig | undefined,
  flags: readonly SecretFlag[],
): string[] {
  if (config === undefined) {
    return [];
  }
  const out: string[] = [];
  const args = config.args ?? [];
  for (const f of flags) {
    if (f.field === 'env' || f.field === 'headers') {
      const v = config[f.field]?.[f.key];
      if (v !== undefined) {
        out.push(v.replace(/^Bearer\s+/i, ''));
      }
    } else if (/^\d+$/.test(f.key)) {
      out.push(args[Number(f.key)] ?? '');
    } else {
      const i = args.findIndex((a) => a === f.key || a.startsWith(`${f.key}=`));
      const a = args[i];
      out.push(a === undefined ? '' : a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? ''));
    }
  }
  return out.filter((v) => v !== '');
}

/**
 * An imported server as shown: the flagged values (which the wizard offers to move to the
 * keychain) plus whatever the shared rule hides in its URL and arguments.
 */
export function redactFlaggedConfig<T extends ServerConfig | undefined>(
  config: T,
  flags: readonly SecretFlag[],
): T {
  if (config === undefined) {
    return config;
  }
  const values = flaggedSecretValues(config, flags);
  // A copy of what is rewritten below (the rest is shared, never written).
  const out: ServerConfig = { ...config };
  if (config.env !== undefined) {
    out.env = { ...config.env };
  }
  if (config.headers !== undefined) {
    out.headers = { ...config.headers };
  }
  if (out.url !== undefined) {
    out.url = redactUrl(out.url);
  }
  if (out.args !== undefined) {
    out.args = redactArgs(out.args);
  }
  for (const f of flags) {
    if ((f.field === 'env' || f.field === 'headers') && out[f.field]?.[f.key] !== undefined) {
      (out[f.field] as Record<string, string>)[f.key] = REDACTED;
    }
  }
  if (out.args !== undefined) {
    out.args = out.args.map((a) => values.reduce((s, v) => s.split(v).join(REDACTED), a));
  }
  return out as T;
}
