import { pendingApproval, type ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import {
  ENTERPRISE_FIELDS,
  OAUTH_FIELDS,
  parseReference,
  REFERENCE,
  referencesOf,
} from '../../../src-shared/references.js';

/** Resolves `${secret:NAME}` references; provided by the OS keychain adapter. */
export type SecretResolver = (name: string) => Promise<string | undefined>;

/**
 * Expand `${VAR}`, `${VAR:-default}`, `${env:VAR}` (Cursor/VS Code style) and `${secret:NAME}`
 * in one string. `where` names the field for error messages.
 */
export async function expandString(
  value: string,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
  secrets?: SecretResolver,
): Promise<string> {
  if (!value.includes('${')) {
    return value;
  }
  const parts: string[] = [];
  let last = 0;
  for (const m of value.matchAll(REFERENCE)) {
    parts.push(value.slice(last, m.index));
    last = m.index + m[0].length;
    const ref = parseReference(m[1] ?? '');
    if (ref.kind === 'secret') {
      const name = ref.name;
      const secret = secrets === undefined ? undefined : await secrets(name);
      if (secret === undefined) {
        throw new GatewayError(
          'SECRET_NOT_FOUND',
          `${where} refers to the secret '${name}', which is not in the keychain — store it with \`mcp-gateway secrets set ${name}\` or in the app's server settings`,
          { field: where },
        );
      }
      parts.push(secret);
      continue;
    }
    const { name, fallback } = ref;
    const v = env[name];
    if (v !== undefined && v !== '') {
      parts.push(v);
    } else if (fallback !== undefined) {
      parts.push(fallback);
    } else {
      throw new GatewayError(
        'CONFIG_INVALID',
        `${where} uses \${${name}}, which is not set — set ${name} in the environment the gateway starts from, or write the value (or \${${name}:-default}) in the config`,
        { field: where },
      );
    }
  }
  parts.push(value.slice(last));
  return parts.join('');
}

async function expandMap(
  map: Record<string, string> | undefined,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
  secrets?: SecretResolver,
): Promise<Record<string, string> | undefined> {
  if (map === undefined) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    out[k] = await expandString(v, env, `${where}.${k}`, secrets);
  }
  return out;
}

/** Expand every reference in the fields a server is started with. */
export async function expandServerConfig(
  name: string,
  server: ServerConfig,
  env: Readonly<Record<string, string | undefined>>,
  secrets?: SecretResolver,
): Promise<ServerConfig> {
  const base = `mcpServers.${name}`;
  if (server.origin !== undefined) {
    // An imported entry: nothing expands before the user approved it, and then only the
    // references they approved (a reference added later waits for approval again).
    const pending = pendingApproval(name, server);
    if (pending !== undefined) {
      throw new GatewayError('APPROVAL_REQUIRED', `Server "${name}" is ${pending.reason}.`);
    }
    const approved = new Set(server.origin.variables ?? []);
    env = Object.fromEntries(Object.entries(env).filter(([k]) => approved.has(k)));
    const resolve = secrets;
    secrets = (secret) =>
      approved.has(`secret:${secret}`)
        ? (resolve?.(secret) ?? Promise.resolve(undefined))
        : Promise.resolve(undefined);
  }
  const out: ServerConfig = { ...server };
  if (server.command !== undefined) {
    out.command = await expandString(server.command, env, `${base}.command`, secrets);
  }
  if (server.args !== undefined) {
    out.args = await Promise.all(
      server.args.map((a, i) => expandString(a, env, `${base}.args[${i}]`, secrets)),
    );
  }
  if (server.cwd !== undefined) {
    out.cwd = await expandString(server.cwd, env, `${base}.cwd`, secrets);
  }
  if (server.url !== undefined) {
    out.url = await expandString(server.url, env, `${base}.url`, secrets);
  }
  const e = await expandMap(server.env, env, `${base}.env`, secrets);
  if (e !== undefined) {
    out.env = e;
  }
  const h = await expandMap(server.headers, env, `${base}.headers`, secrets);
  if (h !== undefined) {
    out.headers = h;
  }
  if (server.oauth) {
    const oauth = { ...server.oauth };
    for (const key of OAUTH_FIELDS) {
      const v = oauth[key];
      if (v !== undefined) {
        oauth[key] = await expandString(v, env, `${base}.oauth.${key}`, secrets);
      }
    }
    if (oauth.enterprise !== undefined) {
      const e = { ...oauth.enterprise };
      const at = `${base}.oauth.enterprise`;
      for (const key of ENTERPRISE_FIELDS) {
        const v = e[key];
        if (v !== undefined) {
          e[key] = await expandString(v, env, `${at}.${key}`, secrets);
        }
      }
      if (e.idTokenCommand !== undefined) {
        e.idTokenCommand = await Promise.all(
          e.idTokenCommand.map((a, i) => expandString(a, env, `${at}.idTokenCommand[${i}]`, secrets)),
        );
      }
      oauth.enterprise = e;
    }
    out.oauth = oauth;
  }
  return out;
}

/**
 * Names of the `${VAR}` references in a server entry that have no default (not secrets), for
 * `doctor`: each must be set in the environment the gateway starts from.
 */
export function referencedEnvVars(server: ServerConfig): string[] {
  const names = new Set<string>();
  for (const ref of referencesOf(server)) {
    if (ref.kind === 'env' && ref.fallback === undefined) {
      names.add(ref.name);
    }
  }
  return [...names];
}
