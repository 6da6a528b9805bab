/**
 * Exposed names for aggregated tools and prompts: `<server><sep><name>`. LLM APIs accept only
 * `^[A-Za-z0-9_-]{1,64}$` (stricter than MCP's own rule), so every exposed name fits that pattern,
 * is unique, and maps back to exactly one (server, name) pair.
 */

export const EXPOSED_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_EXPOSED_NAME_LENGTH = 64;
const DEFAULT_TOOL_SEPARATOR = '__';

export interface NameTarget {
  server: string;
  name: string;
}

export interface NameMapping {
  /** Exposed name → (server, backend name). */
  readonly reverse: ReadonlyMap<string, NameTarget>;
  /** The exposed name of one backend item. */
  exposed(server: string, name: string): string | undefined;
  resolve(exposed: string): NameTarget | undefined;
}

/** FNV-1a 32-bit; a stable, dependency-free hash (this module is pure, no node:crypto). */
export function shortHash(input: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0').slice(-7);
}

/** Replace every character outside `[A-Za-z0-9_-]` with `_`. */
export function sanitizeNamePart(part: string): string {
  const cleaned = part.replace(/[^A-Za-z0-9_-]/g, '_');
  return cleaned.length > 0 ? cleaned : '_';
}

/**
 * The preferred exposed name of one item, before collision handling. Names longer than 64 get
 * truncated with a hash of the full original pair, so two long names never truncate alike.
 */
export function exposedName(server: string, name: string, separator = DEFAULT_TOOL_SEPARATOR): string {
  const raw = `${sanitizeNamePart(server)}${separator}${sanitizeNamePart(name)}`;
  const changed = raw !== `${server}${separator}${name}`;
  if (raw.length <= MAX_EXPOSED_NAME_LENGTH) {
    // A sanitised name could equal another server's legitimate name; the caller disambiguates.
    return raw;
  }
  const hash = shortHash(`${server}\u0000${name}${changed ? '\u0001' : ''}`);
  return `${raw.slice(0, MAX_EXPOSED_NAME_LENGTH - hash.length - 1)}_${hash}`;
}

/**
 * Build the mapping for a whole set of items. Deterministic: the same input gives the same names
 * regardless of order, because colliding candidates are ordered by (server, name) and all but the
 * first get a hash suffix derived from their own identity.
 */
export function buildNameMapping(
  items: Iterable<NameTarget>,
  separator = DEFAULT_TOOL_SEPARATOR,
  nameOf: (server: string, name: string) => string = (s, n) => exposedName(s, n, separator),
): NameMapping {
  const byCandidate = new Map<string, NameTarget[]>();
  for (const item of items) {
    const candidate = nameOf(item.server, item.name);
    const list = byCandidate.get(candidate);
    if (list === undefined) {
      byCandidate.set(candidate, [item]);
    } else {
      list.push(item);
    }
  }
  const reverse = new Map<string, NameTarget>();
  const forward = new Map<string, string>();
  const key = (s: string, n: string) => `${s}\u0000${n}`;
  const deferred: { candidate: string; item: NameTarget }[] = [];
  for (const [candidate, list] of byCandidate) {
    list.sort((a, b) => (a.server === b.server ? cmp(a.name, b.name) : cmp(a.server, b.server)));
    const [first, ...rest] = list;
    if (first === undefined) {
      continue;
    }
    if (forward.has(key(first.server, first.name))) {
      continue; // duplicate (server, name) pair from the input: keep one
    }
    reverse.set(candidate, first);
    forward.set(key(first.server, first.name), candidate);
    for (const item of rest) {
      deferred.push({ candidate, item });
    }
  }
  deferred.sort(
    (a, b) =>
      cmp(a.candidate, b.candidate) || cmp(a.item.server, b.item.server) || cmp(a.item.name, b.item.name),
  );
  for (const { candidate, item } of deferred) {
    if (forward.has(key(item.server, item.name))) {
      continue;
    }
    let salt = 0;
    let name = '';
    // Bounded: a fresh salt changes the hash; 32 tries cannot all collide in practice.
    for (; salt < 32; salt++) {
      const hash = shortHash(`${item.server}\u0000${item.name}\u0000${salt}`);
      name = `${candidate.slice(0, MAX_EXPOSED_NAME_LENGTH - hash.length - 1)}_${hash}`;
      if (!reverse.has(name)) {
        break;
      }
    }
    reverse.set(name, item);
    forward.set(key(item.server, item.name), name);
  }
  return {
    reverse,
    exposed: (server, name) => forward.get(key(server, name)),
    resolve: (exposed) => reverse.get(exposed),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
