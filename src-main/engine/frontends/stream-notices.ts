/**
 * Notifications owed to a 2025-era session that only its standalone stream (the GET stream) can
 * carry, kept until the client opens it: e.g. a session taken over from the start-up answers whose
 * tool list changed before its client had opened that stream. One per session, dropped with it.
 */

/** A notification as the SDK's `Server.notification()` takes it. */
export interface StreamNotice {
  method: string;
  params?: Record<string, unknown>;
}

/** Notices kept per session: more are dropped (a client that never opens its stream holds little). */
export const MAX_PENDING_NOTICES = 8;

export interface PendingNotices {
  /**
   * Keeps `notice` until the stream opens. A notice without params already kept is kept once (a
   * second "the list changed" says nothing more). False when the queue was full and it was dropped.
   */
  add(notice: StreamNotice): boolean;
  /** The notices kept, oldest first; none are kept after. */
  take(): StreamNotice[];
  readonly size: number;
}

export function createPendingNotices(max = MAX_PENDING_NOTICES): PendingNotices {
  let kept: StreamNotice[] = [];
  return {
    add(notice) {
      if (
        notice.params === undefined &&
        kept.some((k) => k.method === notice.method && k.params === undefined)
      ) {
        return true;
      }
      if (kept.length >= max) {
        return false;
      }
      kept.push(notice);
      return true;
    },
    take() {
      const due = kept;
      kept = [];
      return due;
    },
    get size() {
      return kept.length;
    },
  };
}
