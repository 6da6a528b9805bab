import type { ServerConfig } from './config.js';

/**
 * `${...}` references in a server entry: one home for which fields the gateway expands and how a
 * reference reads, shared by the expansion itself, the import approval (which lists what an
 * entry refers to) and `doctor` (which checks the variables are set). A field expanded but not
 * listed here would be left out of the approval, so its reference could never be approved.
 */
export const REFERENCE = /\$\{([^}]+)\}/g;

/** One reference: a keychain secret, or an environment variable with an optional default. */
export type Reference =
  { kind: 'secret'; name: string } | { kind: 'env'; name: string; fallback: string | undefined };

/** Reads the text between `${` and `}`: `secret:NAME`, `env:NAME`, `NAME` or `NAME:-default`. */
export function parseReference(expr: string): Reference {
  if (expr.startsWith('secret:')) {
    return { kind: 'secret', name: expr.slice('secret:'.length) };
  }
  const body = expr.startsWith('env:') ? expr.slice(4) : expr;
  const dflt = body.indexOf(':-');
  return dflt === -1
    ? { kind: 'env', name: body, fallback: undefined }
    : { kind: 'env', name: body.slice(0, dflt), fallback: body.slice(dflt + 2) };
}

/** Every text of a server entry that is expanded before the server starts, with its field path. */
export function expandedFields(server: ServerConfig): Array<[field: string, text: string]> {
  const out: Array<[string, string | undefined]> = [
    ['command', server.command],
    ['url', server.url],
    ['cwd', server.cwd],
    ...(server.args ?? []).map((a, i): [string, string] => [`args[${i}]`, a]),
    ...Object.entries(server.env ?? {}).map(([k, v]): [string, string] => [`env.${k}`, v]),
    ...Object.entries(server.headers ?? {}).map(([k, v]): [string, string] => [`headers.${k}`, v]),
  ];
  const oauth = server.oauth === false ? undefined : server.oauth;
  if (oauth !== undefined) {
    for (const key of OAUTH_FIELDS) {
      out.push([`oauth.${key}`, oauth[key]]);
    }
    const e = oauth.enterprise;
    if (e !== undefined) {
      for (const key of ENTERPRISE_FIELDS) {
        out.push([`oauth.enterprise.${key}`, e[key]]);
      }
      (e.idTokenCommand ?? []).forEach((a, i) => out.push([`oauth.enterprise.idTokenCommand[${i}]`, a]));
    }
  }
  return out.filter((f): f is [string, string] => typeof f[1] === 'string');
}

/** The expanded fields of `oauth`, and of `oauth.enterprise` besides its command. */
export const OAUTH_FIELDS = ['clientId', 'clientSecret', 'privateKey', 'assertion', 'assertionFile'] as const;
export const ENTERPRISE_FIELDS = [
  'idpIssuer',
  'idpTokenEndpoint',
  'clientId',
  'clientSecret',
  'idTokenFile',
] as const;

/** Every reference a server entry makes, in the order they appear. */
export function referencesOf(server: ServerConfig): Reference[] {
  const refs: Reference[] = [];
  for (const [, text] of expandedFields(server)) {
    for (const m of text.matchAll(REFERENCE)) {
      refs.push(parseReference(m[1] ?? ''));
    }
  }
  return refs;
}
