import type { Session as InspectorSession } from 'node:inspector';
import { createRequire } from 'node:module';
import v8 from 'node:v8';

import type { Clock, Logger, TimerHandle } from '../types.js';
import { idlePolicy, idleState, MiB, nextStep } from './idle-policy.js';

/**
 * Gives memory back to the OS once the gateway has gone quiet.
 *
 * V8 sizes its heap for throughput: a burst of work (starting fifty servers, listing thousands
 * of tools) grows the young generation to its 32 MB maximum and leaves the old generation with
 * pages of garbage, and an idle process never collects again, so that memory stays resident all
 * day. V8's own memory reducer would shrink it, but it only judges a process idle from samples
 * taken at collections, so in a quiet Node process it waits for its 100 s watchdog.
 *
 * After `idleMs` without activity this asks V8 for the collection DevTools' "Collect garbage"
 * button runs (the inspector's `HeapProfiler.collectGarbage`, i.e. V8's low-memory
 * notification): a full, compacting collection that also shrinks the young generation back to
 * its initial size. It runs in-process through `node:inspector` (no port is opened, no flag is
 * set) and costs one full collection (tens of milliseconds), at most once per `minGapMs` and
 * only when the heap grew since the last release. The heap grows again on the next burst of
 * work, as it would have anyway.
 *
 * After sustained load (a client making hundreds of calls) the quiet time before a release is
 * longer (`busyIdleMs`): such a client usually comes back within seconds, and a release right
 * before it does makes its next few thousand calls slower while the young generation grows
 * back and the collector runs more often (measured: p50 of a tools/call at concurrency 1
 * 0.34 → 0.43 ms for the calls after a release).
 */

export interface IdleMemorySettings {
  /** Quiet time after the last activity before memory is released. Default 2 s. */
  idleMs?: number;
  /** At least this long between two releases. Default 5 s. */
  minGapMs?: number;
  /** Skip a release when the heap grew by less than this since the last one. Default 4 MiB. */
  minGrowthBytes?: number;
  /** A busy spell of at least this many activities (requests, events) counts as sustained load. Default 1,000. */
  busyActivities?: number;
  /** After sustained load, the quiet time before a release. Default 30 s. */
  busyIdleMs?: number;
}

export interface IdleMemoryOptions extends IdleMemorySettings {
  clock: Clock;
  logger?: Logger;
  /** The release itself (default: the inspector's compacting collection). */
  release?: () => Promise<void>;
  /** Resident heap bytes (default: V8's total physical heap size). */
  heapBytes?: () => number;
}

export interface IdleMemoryTrimmer {
  /** Something happened (a request, an engine event): the process is not idle. Cheap. */
  activity(): void;
  /** How many releases have run. */
  releases(): number;
  /** Resolves when no release is in progress (tests, shutdown). */
  settled(): Promise<void>;
  /** Stop watching; a release in progress finishes. */
  close(): Promise<void>;
}

/** A full, compacting collection that shrinks the young generation (V8's low-memory path). */
export async function releaseHeapMemory(): Promise<void> {
  // Required on first use: the bundled CLI runs as a vm script, where dynamic import() is
  // unavailable, and a Node built without the inspector throws here (caught by the trimmer).
  const { Session } = createRequire(import.meta.url)('node:inspector') as {
    Session: new () => InspectorSession;
  };
  const session = new Session();
  session.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      session.post('HeapProfiler.collectGarbage', (err) => (err ? reject(err) : resolve()));
    });
  } finally {
    // Disconnecting from inside the inspector's callback deadlocks the session: leave it first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    session.disconnect();
  }
}

export function createIdleMemoryTrimmer(options: IdleMemoryOptions): IdleMemoryTrimmer {
  const { clock } = options;
  const policy = idlePolicy(options);
  const release = options.release ?? releaseHeapMemory;
  const heapBytes = options.heapBytes ?? (() => v8.getHeapStatistics().total_physical_size);
  // Activity only bumps a counter; one timer looks at it every `idleMs` while there is activity.
  const st = idleState();
  let timer: TimerHandle | undefined;
  let count = 0;
  let running: Promise<void> | undefined;
  let failed = false;
  let closed = false;

  const schedule = (ms: number) => {
    st.seqAtSchedule = st.seq;
    timer = clock.setTimeout(check, ms);
    // Never keep the process alive just to tidy its memory.
    timer.unref?.();
  };

  function check(): void {
    timer = undefined;
    if (closed || running !== undefined) {
      return;
    }
    const step = nextStep(policy, st, clock.now(), heapBytes);
    if (step === undefined) {
      return;
    }
    if ('look' in step) {
      schedule(step.look);
      return;
    }
    const before = step.release;
    running = release()
      .then(
        () => {
          count += 1;
          st.heapAfterRelease = heapBytes();
          options.logger?.debug('released idle memory', {
            heapBeforeMiB: Math.round(before / MiB),
            heapAfterMiB: Math.round(st.heapAfterRelease / MiB),
          });
        },
        (err: unknown) => {
          // The inspector is missing in some builds: stop trying rather than fail every time.
          failed = true;
          options.logger?.debug('cannot release idle memory', { err: String(err) });
        },
      )
      .finally(() => {
        st.lastReleaseAt = clock.now();
        running = undefined;
      });
  }

  return {
    activity() {
      st.seq += 1;
      if (timer === undefined && !closed && !failed) {
        schedule(policy.idleMs);
      }
    },
    releases: () => count,
    settled: async () => {
      await running;
    },
    async close() {
      closed = true;
      clock.clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
