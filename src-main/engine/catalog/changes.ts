import type { Clock, Disposable, EventBus, TimerHandle } from '../types.js';

/** Which kinds of list changed, as `list_changed` notifications tell clients. */
export type ListChange = { tools: boolean; resources: boolean; prompts: boolean };

/** How long changes gather before they are announced: a burst of refreshes is one announcement. */
export const CHANGE_DEBOUNCE_MS = 50;

/**
 * Announces what clients see changed, debounced: `catalog.changed` on the bus, then the
 * per-server listeners (`onChanged`) and the per-kind listeners (`onListChanged`).
 */
export interface ChangeFeed {
  /** Note that `server`'s lists changed; announced once with whatever else changes meanwhile. */
  schedule(server: string, change: Partial<ListChange>): void;
  onChanged(listener: (servers: string[]) => void): Disposable;
  onListChanged(listener: (change: ListChange) => void): Disposable;
  /** Drop what is pending and every listener; later changes are ignored. */
  close(): void;
}

export function createChangeFeed(deps: {
  clock: Clock;
  bus: EventBus;
  /** What clients see now, for the event (read when it is emitted). */
  counts: () => { tools: number; resources: number; prompts: number };
}): ChangeFeed {
  const { clock, bus } = deps;
  const changeListeners = new Set<(servers: string[]) => void>();
  const listListeners = new Set<(change: ListChange) => void>();
  let pending: { servers: Set<string>; change: ListChange } | undefined;
  let timer: TimerHandle | undefined;
  let closed = false;

  function announce(): void {
    timer = undefined;
    const p = pending;
    pending = undefined;
    if (p === undefined || closed) {
      return;
    }
    const servers = [...p.servers];
    bus.emit({ type: 'catalog.changed', at: clock.now(), servers, ...deps.counts() });
    for (const l of changeListeners) {
      l(servers);
    }
    for (const l of listListeners) {
      l(p.change);
    }
  }

  return {
    schedule(server, change) {
      if (closed) {
        return;
      }
      pending ??= { servers: new Set(), change: { tools: false, resources: false, prompts: false } };
      pending.servers.add(server);
      pending.change.tools ||= change.tools === true;
      pending.change.resources ||= change.resources === true;
      pending.change.prompts ||= change.prompts === true;
      if (timer === undefined) {
        timer = clock.setTimeout(announce, CHANGE_DEBOUNCE_MS);
        timer.unref?.();
      }
    },
    onChanged(listener) {
      changeListeners.add(listener);
      return { dispose: () => changeListeners.delete(listener) };
    },
    onListChanged(listener) {
      listListeners.add(listener);
      return { dispose: () => listListeners.delete(listener) };
    },
    close() {
      closed = true;
      clock.clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      changeListeners.clear();
      listListeners.clear();
    },
  };
}
