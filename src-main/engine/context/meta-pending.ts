import type { CallContext } from '../types.js';
import type { SearchHit } from './search-types.js';

/**
 * Learning's short-term side: per session (or client), the last search's words and result ids,
 * until one of them is called; that call is what the search memory records.
 */

/** Sessions whose last search is remembered until they call one of its results. */
const MAX_PENDING = 256;

export interface PendingSearches {
  remember(ctx: CallContext, words: string[], hits: readonly SearchHit[]): void;
  /** The words of the session's last search when it returned this tool (forgotten then). */
  takeFor(ctx: CallContext, id: string): string[] | undefined;
}

export function createPendingSearches(): PendingSearches {
  const pending = new Map<string, { words: string[]; ids: Set<string> }>();
  const sessionKey = (ctx: CallContext): string => ctx.sessionId ?? `client:${ctx.client}`;
  return {
    remember(ctx, words, hits) {
      const key = sessionKey(ctx);
      pending.delete(key);
      pending.set(key, { words, ids: new Set(hits.map((h) => h.id)) });
      if (pending.size > MAX_PENDING) {
        const oldest = pending.keys().next().value;
        if (oldest !== undefined) {
          pending.delete(oldest);
        }
      }
    },
    takeFor(ctx, id) {
      const last = pending.get(sessionKey(ctx));
      if (last !== undefined && last.ids.has(id)) {
        pending.delete(sessionKey(ctx));
        return last.words;
      }
      return undefined;
    },
  };
}
