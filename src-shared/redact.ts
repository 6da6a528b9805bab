/**
 * The one redaction rule. Everything that leaves the engine — API answers, config export, error
 * messages, state reasons, log lines, events, notifications, CLI output — goes through these
 * functions, so "what counts as a secret" is decided here and nowhere else.
 *
 * - A *name* is secret-looking when one of its words (split at `_ - . space` and camelCase) is a
 *   credential word (`token`, `key`, `secret`, `password`, `auth`, ...), or ends in a long one
 *   (`PGPASSWORD`, `accesstoken`). The same rule judges env keys, header names, command-line
 *   flags, URL query keys and log fields.
 * - A *value* is hidden when it sits under such a name, when it is the password (or the lone
 *   user token) of a URL, or when it looks like a token by itself (known prefixes, entropy).
 * - References (`${VAR}`, `${secret:NAME}`) are kept: they say where a secret lives, not what
 *   it is. What an expansion put in their place is hidden wherever it appears (`secretValues`).
 */

export const REDACTED = '[redacted]';

/** Whole words that mark a credential. */
const SECRET_WORDS = new Set([
  'key',
  'apikey',
  'token',
  'secret',
  'secrets',
  'password',
  'passwd',
  'pass',
  'pwd',
  'pat',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'cookies',
  'bearer',
  'sig',
  'signature',
  'jwt',
]);

/** Run-together names that end in a credential word (`PGPASSWORD`, `accesstoken`, `xapikey`). */
const SECRET_SUFFIX =
  /(password|passwd|secret|token|apikey|accesskey|privatekey|credentials?|authorization|cookie)$/;

/** Whether a name (env key, header, flag, query key, log field) says its value is a credential. */
export function isSecretKey(name: string): boolean {
  const words = name
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  return words.some((w) => SECRET_WORDS.has(w) || SECRET_SUFFIX.test(w));
}

const REFERENCE = /\$\{(?:secret:|env:)?[A-Za-z_][A-Za-z0-9_.-]*(?::-[^}]*)?\}/g;

/** True when a value is only references (optionally after an auth scheme like `Bearer `). */
export function isSecretReference(value: string): boolean {
  const refs = value.match(REFERENCE);
  if (refs === null) {
    return false;
  }
  const rest = value.replace(REFERENCE, '').trim();
  return rest === '' || /^(Bearer|Basic|Token)$/i.test(rest);
}

const TOKEN_PREFIX =
  /^(ghp_|gho_|ghu_|ghs_|github_pat_|glpat-|sk-|sk_live_|rk_live_|xox[abpr]-|AKIA|AIza|ya29\.|npm_|hf_|pk_live_)/;

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
    return false;
  }
  if (TOKEN_PREFIX.test(v) && v.length >= 12) {
    return true;
  }
  if (
    v.length < 20 ||
    /\s/.test(v) ||
    /^(https?:|file:|[./~@]|[A-Za-z]:\\)/.test(v) ||
    v.includes('/') ||
    v.includes('\\')
  ) {
    return false;
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(v)).length;
  return entropy(v) >= 3.5 && classes >= 2;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const URL_HEAD = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#\s]*@)?([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/i;

/** A URL with its userinfo and the values of secret-looking query keys hidden. */
export function redactUrl(url: string): string {
  return scanUrl(url, () => undefined);
}

type Collect = (hidden: string) => void;

function scanUrl(url: string, collect: Collect): string {
  const m = URL_HEAD.exec(url);
  if (m === null) {
    return url;
  }
  const [, scheme = '', userinfo, rest = '', query, fragment = ''] = m;
  let user = '';
  if (userinfo !== undefined) {
    const info = userinfo.slice(0, -1);
    const colon = info.indexOf(':');
    if (isSecretReference(info)) {
      user = userinfo;
    } else if (colon === -1) {
      // A lone user part is how several services carry a token (https://TOKEN@host).
      collect(info);
      user = `${REDACTED}@`;
    } else {
      const pw = info.slice(colon + 1);
      user = `${info.slice(0, colon)}:${redactValue(pw, collect)}@`;
    }
  }
  let q = query ?? '';
  if (q !== '') {
    q =
      '?' +
      q
        .slice(1)
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          if (eq === -1) {
            return pair;
          }
          const value = pair.slice(eq + 1);
          return isSecretKey(decode(pair.slice(0, eq))) && !isSecretReference(decode(value))
            ? `${pair.slice(0, eq)}=${redactValue(value, collect)}`
            : pair;
        })
        .join('&');
  }
  return `${scheme}${user}${rest}${q}${fragment}`;
}

const FLAG_EQ = /^(--?[A-Za-z][\w.-]*)=([\s\S]*)$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]+)$/;

function redactValue(value: string, collect: Collect = () => undefined): string {
  if (value === '' || isSecretReference(value)) {
    return value;
  }
  collect(value);
  return REDACTED;
}

/** One argument on its own: URLs, `KEY=value`, `--flag=value` and token-looking values. */
function redactArg(arg: string, collect: Collect): string {
  const flag = FLAG_EQ.exec(arg);
  if (flag !== null) {
    const [, name = '', value = ''] = flag;
    if (isSecretKey(name)) {
      return `${name}=${redactValue(value, collect)}`;
    }
    return `${name}=${redactArg(value, collect)}`;
  }
  const assign = ASSIGNMENT.exec(arg);
  if (assign !== null && isSecretKey(assign[1] ?? '')) {
    return `${assign[1]}=${redactValue(assign[2] ?? '', collect)}`;
  }
  if (arg.includes('://')) {
    return scanUrl(arg, collect);
  }
  return looksLikeSecretValue(arg) ? redactValue(arg, collect) : arg;
}

/**
 * Command-line arguments with credentials hidden: the value after `--token`/`--api-key` (or
 * joined with `=`), `API_KEY=…` assignments (docker `-e`), URL credentials, token-looking values.
 */
export function redactArgs(args: readonly string[]): string[] {
  return scanArgs(args, () => undefined);
}

function scanArgs(args: readonly string[], collect: Collect): string[] {
  return args.map((arg, i) => {
    const prev = args[i - 1];
    if (
      prev !== undefined &&
      /^--?[A-Za-z]/.test(prev) &&
      !prev.includes('=') &&
      isSecretKey(prev) &&
      !arg.startsWith('-')
    ) {
      return redactValue(arg, collect);
    }
    return redactArg(arg, collect);
  });
}

function redactMap(map: unknown): unknown {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    return map;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) {
    out[k] = typeof v === 'string' ? redactValue(v) : v;
  }
  return out;
}

/**
 * One server entry as it may leave the engine: every env and header value (they are where
 * credentials go), URL credentials and secret-looking arguments hidden; references kept.
 */
export function redactServerConfig<T extends object>(server: T): T {
  const out = { ...server } as Record<string, unknown>;
  if ('env' in out) {
    out.env = redactMap(out.env);
  }
  if ('headers' in out) {
    out.headers = redactMap(out.headers);
  }
  if (typeof out.url === 'string') {
    out.url = redactUrl(out.url);
  }
  if (Array.isArray(out.args) && out.args.every((a) => typeof a === 'string')) {
    out.args = redactArgs(out.args as string[]);
  }
  // A hand-registered OAuth client's secret, a machine account's private key, a workload's
  // assertion (mcpServers.<name>.oauth.clientSecret, .privateKey, .assertion).
  const oauth = out.oauth;
  if (oauth !== null && typeof oauth === 'object' && !Array.isArray(oauth)) {
    const o = { ...(oauth as Record<string, unknown>) };
    for (const key of ['clientSecret', 'privateKey', 'assertion']) {
      const secret = o[key];
      if (typeof secret === 'string') {
        o[key] = redactValue(secret);
      }
    }
    // Enterprise-managed authorization: the gateway's secret at the identity provider, and the
    // arguments of the command that prints the ID token.
    const e = o.enterprise;
    if (e !== null && typeof e === 'object' && !Array.isArray(e)) {
      const ent = { ...(e as Record<string, unknown>) };
      if (typeof ent.clientSecret === 'string') {
        ent.clientSecret = redactValue(ent.clientSecret);
      }
      const cmd = ent.idTokenCommand;
      if (Array.isArray(cmd) && cmd.every((a) => typeof a === 'string')) {
        ent.idTokenCommand = redactArgs(cmd as string[]);
      }
      o.enterprise = ent;
    }
    out.oauth = o;
  }
  return out as T;
}

/** A whole config (as parsed) with every server entry redacted. */
export function redactConfig<T extends { mcpServers?: unknown }>(config: T): T {
  const servers = config.mcpServers;
  if (servers === null || typeof servers !== 'object') {
    return config;
  }
  return {
    ...config,
    mcpServers: Object.fromEntries(
      Object.entries(servers as Record<string, unknown>).map(([n, s]) => [
        n,
        s !== null && typeof s === 'object' ? redactServerConfig(s) : s,
      ]),
    ),
  };
}

const ANY_REF = /\$\{([^}]+)\}/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What each secret reference in `raw` became in `expanded` (`${secret:…}` and secret-looking `${VAR}`). */
function substituted(raw: string, expanded: string): string[] {
  const refs = [...raw.matchAll(ANY_REF)];
  if (refs.length === 0) {
    return [];
  }
  let pattern = '^';
  let last = 0;
  for (const m of refs) {
    pattern += escapeRegExp(raw.slice(last, m.index)) + '([\\s\\S]*?)';
    last = m.index + m[0].length;
  }
  pattern += escapeRegExp(raw.slice(last)) + '$';
  const hit = new RegExp(pattern).exec(expanded);
  if (hit === null) {
    return [];
  }
  const out: string[] = [];
  refs.forEach((m, i) => {
    const expr = m[1] ?? '';
    const name = expr.replace(/^env:/, '').replace(/:-[\s\S]*$/, '');
    if (expr.startsWith('secret:') || isSecretKey(name)) {
      out.push(hit[i + 1] ?? '');
    }
  });
  return out;
}

interface ServerLike {
  url?: string | undefined;
  args?: readonly string[] | undefined;
  env?: Readonly<Record<string, string>> | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  command?: string | undefined;
  cwd?: string | undefined;
}

/**
 * The secret strings inside an expanded server config, for removing them from error messages
 * and log lines: secret-looking env and header values, URL and argument credentials, and what
 * `${secret:…}` (and secret-looking `${VAR}`) references in `raw` expanded to.
 */
export function secretValues(expanded: ServerLike, raw?: ServerLike): string[] {
  const out = new Set<string>();
  const add = (v: string | undefined) => {
    if (v !== undefined && v !== '' && !isSecretReference(v)) {
      out.add(v);
    }
  };
  for (const map of [expanded.env, expanded.headers]) {
    for (const [k, v] of Object.entries(map ?? {})) {
      if (isSecretKey(k) || looksLikeSecretValue(v)) {
        add(v);
        add(v.replace(/^(Bearer|Basic|Token)\s+/i, ''));
      }
    }
  }
  if (expanded.url !== undefined) {
    scanUrl(expanded.url, add);
  }
  scanArgs(expanded.args ?? [], add);
  if (raw !== undefined) {
    const pairs: Array<[string | undefined, string | undefined]> = [
      [raw.url, expanded.url],
      [raw.command, expanded.command],
      [raw.cwd, expanded.cwd],
      ...(raw.args ?? []).map((a, i): [string, string | undefined] => [a, expanded.args?.[i]]),
      ...Object.entries(raw.env ?? {}).map(([k, v]): [string, string | undefined] => [v, expanded.env?.[k]]),
      ...Object.entries(raw.headers ?? {}).map(([k, v]): [string, string | undefined] => [
        v,
        expanded.headers?.[k],
      ]),
    ];
    for (const [r, e] of pairs) {
      if (r !== undefined && e !== undefined) {
        substituted(r, e).forEach(add);
      }
    }
  }
  return [...out];
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;
const FLAG_IN_TEXT = /(^|\s)(--?[A-Za-z][\w.-]*)(=|\s+)(?!-)(\S+)/g;

/**
 * A free text (error message, log line, stderr tail) with known secret values, URL credentials
 * and `--token value`-style flags hidden. Values shorter than 4 characters are not searched
 * for: replacing them would mangle the text more than it protects.
 */
export function redactText(text: string, values: readonly string[] = []): string {
  let out = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) {
    if (v.length >= 4) {
      out = out.split(v).join(REDACTED);
    }
  }
  out = out.replace(URL_IN_TEXT, (u) => redactUrl(u));
  return out.replace(FLAG_IN_TEXT, (all, lead: string, flag: string, sep: string, value: string) =>
    isSecretKey(flag) && !isSecretReference(value) && value !== REDACTED
      ? `${lead}${flag}${sep}${REDACTED}`
      : all,
  );
}
