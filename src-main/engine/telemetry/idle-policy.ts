import type { IdleMemorySettings } from './idle-memory.js';

export const MiB = 1024 * 1024;

/** The trimmer's settings with their defaults (see IdleMemorySettings). */
export interface IdlePolicy {
  idleMs: number;
  minGapMs: number;
  minGrowth: number;
  busyActivities: number;
  busyIdleMs: number;
}

export function idlePolicy(settings: IdleMemorySettings): IdlePolicy {
  const idleMs = settings.idleMs ?? 2_000;
  return {
    idleMs,
    minGapMs: settings.minGapMs ?? 5_000,
    minGrowth: settings.minGrowthBytes ?? 4 * MiB,
    busyActivities: settings.busyActivities ?? 1_000,
    busyIdleMs: Math.max(settings.busyIdleMs ?? 30_000, idleMs),
  };
}

/** What the trimmer counts between its looks. */
export interface IdleState {
  /** Activities so far; `activity()` only bumps this. */
  seq: number;
  /** `seq` when the current look was scheduled. */
  seqAtSchedule: number;
  /** Activity count when the process last settled (a release ran or was not needed). */
  seqAtSettle: number;
  /** Quiet after sustained load: waiting out the longer quiet time. */
  waitingLonger: boolean;
  lastReleaseAt: number | undefined;
  heapAfterRelease: number;
}

export function idleState(): IdleState {
  return {
    seq: 0,
    seqAtSchedule: 0,
    seqAtSettle: 0,
    waitingLonger: false,
    lastReleaseAt: undefined,
    heapAfterRelease: 0,
  };
}

/** Look again after `ms`, release now (the heap is `before`), or nothing until the next activity. */
export type IdleStep = { look: number } | { release: number } | undefined;

/**
 * The decision at a scheduled look: still busy, quiet after sustained load (the longer wait),
 * too soon after the last release, or quiet long enough (release when the heap grew enough).
 * Updates the settle bookkeeping in `st`; `heapBytes` is read only when it decides.
 */
export function nextStep(policy: IdlePolicy, st: IdleState, now: number, heapBytes: () => number): IdleStep {
  if (st.seq !== st.seqAtSchedule) {
    st.waitingLonger = false;
    return { look: policy.idleMs }; // still busy: look again after another quiet period
  }
  if (
    !st.waitingLonger &&
    st.seq - st.seqAtSettle >= policy.busyActivities &&
    policy.busyIdleMs > policy.idleMs
  ) {
    // Counted once: a request now and then during the longer wait (a metrics scrape, a poll)
    // must not keep postponing the release; only another spell of sustained load does.
    st.seqAtSettle = st.seq;
    st.waitingLonger = true;
    return { look: policy.busyIdleMs - policy.idleMs };
  }
  if (st.lastReleaseAt !== undefined && now - st.lastReleaseAt < policy.minGapMs) {
    return { look: st.lastReleaseAt + policy.minGapMs - now };
  }
  st.waitingLonger = false;
  st.seqAtSettle = st.seq;
  const before = heapBytes();
  // Not grown enough: the next activity re-arms the timer.
  return before - st.heapAfterRelease < policy.minGrowth ? undefined : { release: before };
}
