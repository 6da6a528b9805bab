import { REDACTED } from '../../../src-shared/api/clients.js';
import type { ServerConfig } from '../../../src-shared/config.js';
import { redactArgs, redactText as redactFreeText, redactUrl } from '../../../src-shared/redact.js';
import type { ClientManager } from './index.js';
import type { SecretFlag } from './secrets.js';

/**
 * Keeping secrets out of what people and programs see: API answers, CLI output. The manager
 * itself works with the real values.
 */

/** The secret strings inside a server config, found from its flags. */
export function secretValues(config: ServerConfig | undefined, flags: readonly SecretFlag[]): string[] {
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
export function redactConfig<T extends ServerConfig | undefined>(config: T, flags: readonly SecretFlag[]): T {
  if (config === undefined) {
    return config;
  }
  const values = secretValues(config, flags);
  const out: ServerConfig = structuredClone(config);
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

/** Replace every known secret value in a text (diffs and file text shown to people). */
export function redactText(text: string, values: readonly string[]): string {
  return redactFreeText(text, values);
}

/** Every secret value in every client file and in the gateway config, for redacting texts. */
export async function knownSecrets(manager: ClientManager): Promise<string[]> {
  const found = await manager.detect();
  const values = new Set<string>();
  for (const c of found.clients) {
    for (const f of c.files) {
      for (const s of f.servers) {
        secretValues(s.config, s.secrets).forEach((v) => values.add(v));
      }
    }
  }
  return [...values];
}

