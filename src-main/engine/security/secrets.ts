/**
 * Secrets for `${secret:NAME}` references in the config: kept in the OS keychain (macOS Keychain,
 * Windows Credential Manager, the Secret Service on Linux) under the service `mcp-gateway`, one
 * entry per name. A plaintext file is used only when the user has said so
 * (`gateway.secrets.allowFileFallback: true`) and no keychain is reachable; it is never chosen
 * silently. Values never pass through the logger.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import writeFileAtomic from 'write-file-atomic';

import { GatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';

/** Keychain service every entry is stored under. */
export const KEYCHAIN_SERVICE = 'mcp-gateway';

/** File the consented fallback keeps secrets in, inside the data folder. */
export const SECRETS_FILE_NAME = 'secrets.json';

/** Secret names: what may follow `${secret:` in the config. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Account used by the availability probe; never listed as a user secret. */
const PROBE_ACCOUNT = '__mcp_gateway_probe__';

/** A keychain that prompts or hangs must not hang the gateway. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface SecretAvailability {
  ok: boolean;
  reason?: string;
}

/** The engine's view of wherever secrets are kept. */
export interface SecretStore {
  /** `keychain` = the OS keychain; `file` = the consented owner-only file; `none` = nothing usable. */
  readonly kind: 'keychain' | 'file' | 'none';
  /** A short name for people: "Secret Service", "macOS Keychain", "file ~/.../secrets.json". */
  readonly description: string;
  available(): Promise<SecretAvailability>;
  /** The value, or undefined when no secret has that name. */
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(name: string): Promise<boolean>;
  /** Names only, sorted. Values never leave through a listing. */
  list(): Promise<string[]>;
}

export interface SecretStoreOptions {
  /** Data folder; the fallback file lives here. */
  dataDir: string;
  /** The user's explicit consent to a plaintext owner-only file when no keychain is reachable. */
  allowFileFallback?: boolean;
  /** Keychain service name (tests use their own). */
  service?: string;
  /** Per keychain call. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

export interface KeychainProbe {
  ok: boolean;
  /** Which keychain this platform uses. */
  backend: string;
  /** Why it failed, in words a person can act on. */
  reason?: string;
}

/** The keychain this platform uses, by name. */
export function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') {
    return 'macOS Keychain';
  }
  if (platform === 'win32') {
    return 'Windows Credential Manager';
  }
  return 'Secret Service';
}

/** The message for a missing keychain: what is wrong and the two ways out. */
export function keychainUnavailableMessage(
  platform: NodeJS.Platform = process.platform,
  detail?: string,
): string {
  const why =
    platform === 'darwin'
      ? 'No OS keychain is available (the macOS Keychain could not be opened).'
      : platform === 'win32'
        ? 'No OS keychain is available (Windows Credential Manager could not be opened).'
        : 'No OS keychain is available (Secret Service not running).';
  const fix =
    platform === 'linux'
      ? ' Start gnome-keyring (or KeePassXC with Secret Service integration) and unlock it, or set gateway.secrets.allowFileFallback to true in the config to keep secrets in an owner-only file in the data folder.'
      : ' Unlock the keychain, or set gateway.secrets.allowFileFallback to true in the config to keep secrets in an owner-only file in the data folder.';
  return `${why}${fix}${detail ? ` (${detail})` : ''}`;
}

/** Throws a clear error for a name that cannot be a secret name. */
export function assertSecretName(name: string): void {
  if (!SECRET_NAME_PATTERN.test(name)) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `"${name}" is not a valid secret name: use letters, digits, "_", "-" and "." (start with a letter or digit, at most 128 characters)`,
      { field: 'name' },
    );
  }
}

function entry(service: string, name: string): AsyncEntry {
  // Pinned to the Secret Service on Linux: the kernel keyring would lose everything at reboot.
  return new AsyncEntry(service, name, { linux: { store: 'secret-service' } });
}

/**
 * Checks that the keychain works by writing, reading back and deleting a probe entry. Used by
 * `doctor` and before choosing where secrets go.
 */
export async function probeKeychain(
  options: { service?: string; timeoutMs?: number; platform?: NodeJS.Platform } = {},
): Promise<KeychainProbe> {
  const platform = options.platform ?? process.platform;
  const backend = keychainName(platform);
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const token = randomBytes(12).toString('hex');
  try {
    // Opening the entry already connects to the Secret Service on Linux, so it can throw too.
    const e = entry(service, PROBE_ACCOUNT);
    await e.setPassword(token, AbortSignal.timeout(timeoutMs));
    const back = await e.getPassword(AbortSignal.timeout(timeoutMs));
    await e.deleteCredential(AbortSignal.timeout(timeoutMs));
    if (back !== token) {
      return { ok: false, backend, reason: `${backend} did not return what was stored in it` };
    }
    return { ok: true, backend };
  } catch (err) {
    return { ok: false, backend, reason: keychainUnavailableMessage(platform, errorText(err)) };
  }
}

/** Secrets in the OS keychain. Every failure to reach it is KEYCHAIN_UNAVAILABLE. */
export function createKeychainSecretStore(
  options: { service?: string; timeoutMs?: number; platform?: NodeJS.Platform } = {},
): SecretStore {
  const platform = options.platform ?? process.platform;
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wrap = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw new GatewayError('KEYCHAIN_UNAVAILABLE', keychainUnavailableMessage(platform, errorText(err)), {
        cause: err,
      });
    }
  };
  return {
    kind: 'keychain',
    description: keychainName(platform),
    async available() {
      const p = await probeKeychain({ service, timeoutMs, platform });
      return p.ok ? { ok: true } : { ok: false, reason: p.reason ?? keychainUnavailableMessage(platform) };
    },
    async get(name) {
      assertSecretName(name);
      const v = await wrap(() => entry(service, name).getPassword(AbortSignal.timeout(timeoutMs)));
      return v ?? undefined;
    },
    async set(name, value) {
      assertSecretName(name);
      await wrap(() => entry(service, name).setPassword(value, AbortSignal.timeout(timeoutMs)));
    },
    async delete(name) {
      assertSecretName(name);
      return wrap(() => entry(service, name).deleteCredential(AbortSignal.timeout(timeoutMs)));
    },
    async list() {
      const creds = await wrap(() =>
        findCredentialsAsync(service, undefined, AbortSignal.timeout(timeoutMs)),
      );
      return [...new Set(creds.map((c) => c.account).filter((a) => a !== PROBE_ACCOUNT))].sort();
    },
  };
}

/** The secrets file's names and values (a missing file has none), made owner-only when it was not. */
async function readSecretsFile(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return {};
    }
    throw err;
  }
  if (process.platform !== 'win32') {
    const st = await stat(file);
    if ((st.mode & 0o077) !== 0) {
      await chmod(file, 0o600);
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GatewayError(
      'CONFIG_INVALID',
      `The secrets file ${file} is not valid JSON: fix it by hand or delete it and store the secrets again`,
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `The secrets file ${file} must hold one JSON object of names to values: fix it by hand or delete it`,
    );
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (typeof v === 'string') {
      out[k] = v;
    }
  }
  return out;
}

async function writeSecretsFile(file: string, data: Record<string, string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
}

/**
 * Secrets in an owner-only (0600) JSON file. Only for users who chose it; the file is written
 * atomically and its permissions are tightened again if something loosened them.
 */
export function createFileSecretStore(file: string): SecretStore {
  // Writes are serialised so two quick `set`s never lose one another.
  let queue: Promise<unknown> = Promise.resolve();
  const read = () => readSecretsFile(file);
  const write = (data: Record<string, string>) => writeSecretsFile(file, data);
  const mutate = <T>(
    fn: (data: Record<string, string>) => { data?: Record<string, string>; result: T },
  ): Promise<T> => {
    const run = queue.then(async () => {
      const current = await read();
      const { data, result } = fn(current);
      if (data !== undefined) {
        await write(data);
      }
      return result;
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    kind: 'file',
    description: `file ${file}`,
    available: () => Promise.resolve({ ok: true }),
    async get(name) {
      assertSecretName(name);
      await queue;
      return (await read())[name];
    },
    async set(name, value) {
      assertSecretName(name);
      return mutate((d) => ({ data: { ...d, [name]: value }, result: undefined }));
    },
    async delete(name) {
      assertSecretName(name);
      return mutate((d) => {
        if (!(name in d)) {
          return { result: false };
        }
        const { [name]: _gone, ...rest } = d;
        return { data: rest, result: true };
      });
    },
    async list() {
      await queue;
      return Object.keys(await read()).sort();
    },
  };
}

/** A store for when nothing may be used: every operation fails with the reason and the way out. */
export function createUnavailableSecretStore(reason: string): SecretStore {
  const fail = (): Promise<never> => Promise.reject(new GatewayError('KEYCHAIN_UNAVAILABLE', reason));
  return {
    kind: 'none',
    description: 'no secret store',
    available: () => Promise.resolve({ ok: false, reason }),
    get: fail,
    set: fail,
    delete: fail,
    list: fail,
  };
}

/**
 * Picks where secrets go: the OS keychain when it works; otherwise the owner-only file if the
 * user allowed it; otherwise a store whose every call explains what to do.
 */
export async function openSecretStore(options: SecretStoreOptions): Promise<SecretStore> {
  const platform = options.platform ?? process.platform;
  const probe = await probeKeychain({ service: options.service, timeoutMs: options.timeoutMs, platform });
  if (probe.ok) {
    return createKeychainSecretStore({ service: options.service, timeoutMs: options.timeoutMs, platform });
  }
  if (options.allowFileFallback === true) {
    return createFileSecretStore(path.join(options.dataDir, SECRETS_FILE_NAME));
  }
  return createUnavailableSecretStore(probe.reason ?? keychainUnavailableMessage(platform));
}

const SECRET_REF = /\$\{secret:([^}]*)\}/g;

/** Names referenced as `${secret:NAME}` anywhere in a value (strings, arrays, objects). */
export function findSecretRefs(value: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 20) {
      return;
    }
    if (typeof v === 'string') {
      for (const m of v.matchAll(SECRET_REF)) {
        names.add(m[1] ?? '');
      }
    } else if (Array.isArray(v)) {
      v.forEach((x) => walk(x, depth + 1));
    } else if (v !== null && typeof v === 'object') {
      Object.values(v).forEach((x) => walk(x, depth + 1));
    }
  };
  walk(value, 0);
  return [...names];
}

/**
 * Expands every `${secret:NAME}` in a value (a string, or arrays/objects of them, e.g. a server's
 * `env` or `headers`) from the store and returns a copy; other `${...}` text is left alone for the
 * config's own expansion. A missing secret or an unreachable keychain is a GatewayError that
 * names the field and says what to do. The result holds secret values: never log it.
 */
export async function resolveSecretRefs<T>(value: T, store: SecretStore, where = 'value'): Promise<T> {
  const names = findSecretRefs(value);
  if (names.length === 0) {
    return value;
  }
  const values = new Map<string, string>();
  for (const name of names) {
    if (!SECRET_NAME_PATTERN.test(name)) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `${where} has \${secret:${name}}, which is not a valid secret name: use letters, digits, "_", "-" and "."`,
        { field: where },
      );
    }
    const v = await store.get(name);
    if (v === undefined) {
      throw new GatewayError(
        'SECRET_NOT_FOUND',
        `${where} refers to the secret '${name}', which is not stored in ${store.description}: add it (in the app's settings, or the keychain service "${KEYCHAIN_SERVICE}", account "${name}") and start the server again`,
        { field: where },
      );
    }
    values.set(name, v);
  }
  const replace = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      return v.replace(SECRET_REF, (_m, name: string) => values.get(name) ?? '');
    }
    if (depth > 20) {
      return v;
    }
    if (Array.isArray(v)) {
      return v.map((x) => replace(x, depth + 1));
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x, depth + 1)]));
    }
    return v;
  };
  return replace(value, 0) as T;
}

/** Adapter for the config expansion's `SecretResolver` (`(name) => value | undefined`). */
export function secretResolver(store: SecretStore): (name: string) => Promise<string | undefined> {
  return (name) => store.get(name);
}
