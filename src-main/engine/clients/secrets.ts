import type { ServerConfig } from '../../../src-shared/config.js';

/** A value in an imported server that should probably live in the keychain. */
export interface SecretFlag {
  field: 'env' | 'headers' | 'args';
  /** Variable or header name; for args, the flag or the argument's index. */
  key: string;
  /** `name`: the key looks like a secret; `value`: the value looks like a token. */
  reason: 'name' | 'value';
}

const SECRET_NAME = /(^|[_-])(TOKEN|KEY|SECRET|PASSWORD|PASSWD|PASS|PWD|PAT|CREDENTIALS?|AUTH|APIKEY|COOKIE)([_-]|$)/i;
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$/i;
const SECRET_FLAG = /^--?(token|api[-_]?key|secret|password|access[-_]?token|auth[-_]?token|key)$/i;
const TOKEN_PREFIX = /^(ghp_|gho_|ghu_|ghs_|github_pat_|glpat-|sk-|sk_live_|rk_live_|xox[abpr]-|AKIA|AIza|ya29\.|npm_|hf_|pk_live_)/;

/** Bits per character of a string (Shannon). */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** True for values that look like a key or token rather than a path, URL or word. */
export function looksLikeSecretValue(value: string): boolean {
  const v = value.replace(/^Bearer\s+/i, '').trim();
  if (v.includes('${')) {
    // Already a reference to the environment or the keychain.
    return false;
  }
  if (TOKEN_PREFIX.test(v) && v.length >= 12) {
    return true;
  }
  if (v.length < 20 || /\s/.test(v) || /^(https?:|file:|[./~]|[A-Za-z]:\\)/.test(v) || v.includes('/') || v.includes('\\')) {
    return false;
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(v)).length;
  return entropy(v) >= 3.5 && classes >= 2;
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_HEADER.test(name);
}

/** Every value in a server's env, headers and args that should be offered for the keychain. */
export function findSecrets(config: ServerConfig): SecretFlag[] {
  const out: SecretFlag[] = [];
  for (const [field, map] of [
    ['env', config.env],
    ['headers', config.headers],
  ] as const) {
    for (const [key, value] of Object.entries(map ?? {})) {
      if (value === '' || value.includes('${')) {
        continue;
      }
      if (isSecretName(key)) {
        out.push({ field, key, reason: 'name' });
      } else if (looksLikeSecretValue(value)) {
        out.push({ field, key, reason: 'value' });
      }
    }
  }
  const args = config.args ?? [];
  args.forEach((arg, i) => {
    const eq = /^(--?[A-Za-z][\w-]*)=(.+)$/.exec(arg);
    if (eq?.[1] !== undefined && eq[2] !== undefined && !eq[2].includes('${')) {
      if (SECRET_FLAG.test(eq[1])) {
        out.push({ field: 'args', key: eq[1], reason: 'name' });
        return;
      }
    }
    const prev = args[i - 1];
    if (prev !== undefined && SECRET_FLAG.test(prev) && !arg.includes('${')) {
      out.push({ field: 'args', key: prev, reason: 'name' });
    } else if (looksLikeSecretValue(eq?.[2] ?? arg)) {
      out.push({ field: 'args', key: String(i), reason: 'value' });
    }
  });
  return out;
}
