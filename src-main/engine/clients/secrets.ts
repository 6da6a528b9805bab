import type { ServerConfig } from '../../../src-shared/config.js';
import type { SecretFlag } from '../../../src-shared/flagged-secrets.js';
import { isSecretKey, looksLikeSecretValue } from '../../../src-shared/redact.js';

export { looksLikeSecretValue };

export type { SecretFlag };

/** Flags whose value is a credential, e.g. `--token`, `--api-key`: the shared rule, for flags. */
function isSecretFlag(arg: string): boolean {
  return /^--?[A-Za-z][\w.-]*$/.test(arg) && isSecretKey(arg);
}

export function isSecretName(name: string): boolean {
  return isSecretKey(name);
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
      if (isSecretFlag(eq[1])) {
        out.push({ field: 'args', key: eq[1], reason: 'name' });
        return;
      }
    }
    const prev = args[i - 1];
    if (prev !== undefined && isSecretFlag(prev) && !arg.includes('${')) {
      out.push({ field: 'args', key: prev, reason: 'name' });
    } else if (looksLikeSecretValue(eq?.[2] ?? arg)) {
      out.push({ field: 'args', key: String(i), reason: 'value' });
    }
  });
  return out;
}
