import { REDACTED } from '../../../src-shared/api/schemas.js';
import type { ServerConfig } from '../../../src-shared/config.js';
import { redactArgs, redactUrl } from '../../../src-shared/redact.js';

/** Patches the API applies to config entries (pure). */

/** Apply a patch object to a target: `null` deletes, plain objects merge when `deep`. */
export function applyPatch(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
  deep: ReadonlySet<string>,
): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete target[k];
    } else if (deep.has(k) && typeof v === 'object' && !Array.isArray(v)) {
      const inner = (typeof target[k] === 'object' && target[k] !== null ? target[k] : {}) as Record<
        string,
        unknown
      >;
      // `search.embeddings` merges too, so `{ search: { embeddings: { enabled: false } } }` keeps the URL.
      applyPatch(inner, v as Record<string, unknown>, new Set(k === 'search' ? ['embeddings'] : []));
      target[k] = inner;
    } else {
      target[k] = v;
    }
  }
}

/** A URL or args sent back as they were shown (with `[redacted]` parts) keep what is stored. */
export function keepRedactedText(key: 'url' | 'args', next: unknown, stored: ServerConfig): unknown {
  if (key === 'url') {
    return typeof next === 'string' && stored.url !== undefined && next === redactUrl(stored.url)
      ? stored.url
      : next;
  }
  if (!Array.isArray(next) || stored.args === undefined) {
    return next;
  }
  const shown = redactArgs(stored.args);
  const used = new Set<number>();
  return next.map((a: unknown) => {
    if (typeof a !== 'string' || !a.includes(REDACTED)) {
      return a;
    }
    const i = shown.findIndex((s, j) => s === a && !used.has(j));
    if (i === -1) {
      return a;
    }
    used.add(i);
    return stored.args?.[i] ?? a;
  });
}

/** env/headers sent back with `[redacted]` values keep what is stored. */
export function keepRedacted(next: unknown, stored: Record<string, string> | undefined): unknown {
  if (next === null || typeof next !== 'object' || Array.isArray(next)) {
    return next;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    out[k] = v === REDACTED && stored?.[k] !== undefined ? stored[k] : v;
  }
  return out;
}

/** A server patch whose `[redacted]` env, headers, URL and args parts keep what is stored. */
export function unredactPatch<P extends Partial<Record<'env' | 'headers' | 'url' | 'args', unknown>>>(
  patch: P,
  stored: ServerConfig,
): P {
  const out = { ...patch };
  for (const key of ['env', 'headers'] as const) {
    if (key in out) {
      out[key] = keepRedacted(out[key], stored[key]) as never;
    }
  }
  for (const key of ['url', 'args'] as const) {
    if (key in out) {
      out[key] = keepRedactedText(key, out[key], stored) as never;
    }
  }
  return out;
}
