import { addProblem, type Problem } from '../stores/problems.js';
import { ApiError, GatewayUnreachableError } from './client.js';
import type { Snapshot } from './snapshots.js';

/** The problem a failed snapshot fetch shows, or undefined when the failure is expected. */
export function loadProblem(what: string, err: unknown, now: number): Problem | undefined {
  if (err instanceof GatewayUnreachableError) {
    return undefined; // the stream notices and reconnects
  }
  if ((what === 'context' || what === 'trust') && err instanceof ApiError && err.status === 404) {
    return undefined; // an engine without the context report: the budgets page adds up the tool list instead
  }
  return {
    id: `load-${what}-${now}`,
    at: now,
    kind: 'config',
    server: undefined,
    title: `Could not load ${what}`,
    detail: err instanceof Error ? err.message : String(err),
  };
}

/** Coalesced refetches: bursts of events (a restart emits several) collapse into one fetch per snapshot. */
export function createRefresher(load: (what: Snapshot) => Promise<void>): {
  refresh(what: Snapshot[]): void;
  close(): void;
} {
  const pending = new Set<Snapshot>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    timer = undefined;
    const what = [...pending];
    pending.clear();
    for (const w of what) {
      load(w).catch((err: unknown) => {
        const p = loadProblem(w, err, Date.now());
        if (p !== undefined) {
          addProblem(p);
        }
      });
    }
  };
  return {
    refresh(what) {
      for (const w of what) {
        pending.add(w);
      }
      timer ??= setTimeout(flush, 120);
    },
    close() {
      if (timer !== undefined) {
        clearTimeout(timer);
      }
    },
  };
}
