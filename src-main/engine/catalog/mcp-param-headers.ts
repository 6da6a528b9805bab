/**
 * SEP-2243 custom headers (2026-07-28): a tool's `inputSchema` may mark a primitive argument with
 * `x-mcp-header: <Name>`, and a `tools/call` over Streamable HTTP then carries that argument as
 * `Mcp-Param-<Name>` too (Base64 inside `=?base64?…?=` when the value is not plain visible ASCII).
 * A server MUST reject a call whose headers and body disagree. The gateway is both ends: it checks
 * what a client sends (as the server it is) and sends what a 2026-era HTTP backend checks (as its
 * client), so a call that works directly works through it. The SDK does both only inside its
 * `McpServer` and `Client.callTool`, neither of which a relay uses, and exports neither.
 */

const PREFIX = 'Mcp-Param-';
const KEY = 'x-mcp-header';
const SENTINEL_START = '=?base64?';
const SENTINEL_END = '?=';
/** RFC 9110 `token`: what a header name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** One argument mirrored into a header: where it sits in `arguments`, and the header's name. */
export interface ParamHeader {
  path: string[];
  header: string;
  type: string | undefined;
}

/**
 * The `x-mcp-header` declarations of an input schema, reachable through `properties` only (what
 * the spec allows; a declaration elsewhere, or an invalid one, makes the tool's headers unusable,
 * and a 2026-era client leaves such a tool out, so there is nothing to mirror or check: []).
 */
export function paramHeadersOf(inputSchema: unknown): ParamHeader[] {
  if (inputSchema === null || typeof inputSchema !== 'object') {
    return [];
  }
  // Every call asks; a tool's definition object lives as long as its list.
  let known = scanned.get(inputSchema);
  if (known === undefined) {
    known = scan(inputSchema);
    scanned.set(inputSchema, known);
  }
  return known;
}

const scanned = new WeakMap<object, ParamHeader[]>();

function scan(inputSchema: object): ParamHeader[] {
  const out: ParamHeader[] = [];
  const seen = new Set<string>();
  /** False when a declaration is not usable: then the tool has none. */
  const visit = (node: unknown, path: string[], reachable: boolean): boolean => {
    if (node === null || typeof node !== 'object') {
      return true;
    }
    const schema = node as Record<string, unknown>;
    const raw = schema[KEY];
    if (raw !== undefined) {
      const type = typeof schema['type'] === 'string' ? schema['type'] : undefined;
      const ok =
        reachable &&
        path.length > 0 &&
        typeof raw === 'string' &&
        TOKEN.test(raw) &&
        (type === 'string' || type === 'integer' || type === 'boolean') &&
        !seen.has(raw.toLowerCase());
      if (!ok) {
        return false;
      }
      seen.add(raw.toLowerCase());
      out.push({ path, header: raw, type });
    }
    const props = schema['properties'];
    if (props !== null && typeof props === 'object') {
      for (const [key, child] of Object.entries(props)) {
        if (!visit(child, [...path, key], reachable)) {
          return false;
        }
      }
    }
    // A declaration under any other keyword is not allowed (it may not apply to every call).
    for (const k of ELSEWHERE) {
      const sub = schema[k];
      if (sub === undefined || sub === null || typeof sub !== 'object') {
        continue;
      }
      const branches = Array.isArray(sub) ? sub : BY_NAME.has(k) ? Object.values(sub) : [sub];
      for (const b of branches) {
        if (!visit(b, [...path, k], false)) {
          return false;
        }
      }
    }
    return true;
  };
  return visit(inputSchema, [], true) ? out : [];
}

/** Subschema keywords a declaration may not sit under (from the SDK's own scan). */
const ELSEWHERE = [
  'items',
  'prefixItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'patternProperties',
  'dependentSchemas',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  '$defs',
  'definitions',
];
/** Those whose value maps names to subschemas. */
const BY_NAME = new Set(['patternProperties', 'dependentSchemas', '$defs', 'definitions']);

function valueAt(args: unknown, path: string[]): unknown {
  let node = args;
  for (const key of path) {
    if (node === null || typeof node !== 'object') {
      return undefined;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The text a primitive argument is mirrored as (undefined: not mirrored). */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? undefined : String(value);
  }
  return undefined;
}

function needsBase64(s: string): boolean {
  if (s.length === 0 || s !== s.trim() || (s.startsWith(SENTINEL_START) && s.endsWith(SENTINEL_END))) {
    return true;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 9 && (c < 32 || c > 126)) {
      return true;
    }
  }
  return false;
}

/** The `Mcp-Param-*` headers a `tools/call` with these arguments carries. */
export function paramHeaderValues(declared: ParamHeader[], args: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of declared) {
    const text = textOf(valueAt(args, d.path));
    if (text !== undefined) {
      out[`${PREFIX}${d.header}`] = needsBase64(text)
        ? `${SENTINEL_START}${Buffer.from(text, 'utf8').toString('base64')}${SENTINEL_END}`
        : text;
    }
  }
  return out;
}

function decode(value: string): string | undefined {
  if (!(value.startsWith(SENTINEL_START) && value.endsWith(SENTINEL_END))) {
    return value; // no sentinel (or half of one): the value is literal
  }
  const b64 = value.slice(SENTINEL_START.length, value.length - SENTINEL_END.length);
  if (!BASE64.test(b64)) {
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(b64, 'base64'));
  } catch {
    return undefined;
  }
}

/** Why a call's `Mcp-Param-*` headers and its arguments disagree (undefined: they agree). */
export interface ParamHeaderMismatch {
  header: string;
  message: string;
}

/**
 * Checks a call's headers against its arguments as a 2026-07-28 server must: every mirrored
 * argument present in the body needs its header, decoding (when Base64) to the same value.
 */
export function checkParamHeaders(
  declared: ParamHeader[],
  args: unknown,
  header: (name: string) => string | undefined,
): ParamHeaderMismatch | undefined {
  for (const d of declared) {
    const name = `${PREFIX}${d.header}`;
    const raw = valueAt(args, d.path);
    const text = textOf(raw);
    if (text === undefined) {
      continue;
    }
    const where = `arguments.${d.path.join('.')}`;
    const sent = header(name.toLowerCase());
    if (sent === undefined) {
      return {
        header: name,
        message: `The request carries ${where} but not the ${name} header its tool declares (x-mcp-header). Send the header with the same value.`,
      };
    }
    const decoded = decode(sent);
    if (decoded === undefined) {
      return {
        header: name,
        message: `The ${name} header is not valid Base64 inside =?base64?…?= (canonical padding, no other characters). Encode the value again.`,
      };
    }
    const same =
      typeof raw === 'number' && DECIMAL.test(decoded) ? Number(decoded) === raw : decoded === text;
    if (!same) {
      return {
        header: name,
        message: `The ${name} header (${JSON.stringify(decoded)}) does not match ${where} (${JSON.stringify(raw)}). Send the same value in both.`,
      };
    }
  }
  return undefined;
}
