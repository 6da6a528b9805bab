import type { EngineEvent } from '../../../src-shared/events.js';
import type { Disposable, EventBus } from '../types.js';

/**
 * Numbers engine events and keeps the last few hundred, so an `/events` client that reconnects
 * with Last-Event-ID gets what it missed instead of a gap.
 */
export interface EventReplay {
  since(seq: number): { seq: number; event: EngineEvent }[];
  subscribe(listener: (seq: number, event: EngineEvent) => void): Disposable;
  dispose(): void;
}

export function createEventReplay(bus: EventBus, capacity = 500): EventReplay {
  const ring: { seq: number; event: EngineEvent }[] = [];
  const listeners = new Set<(seq: number, event: EngineEvent) => void>();
  let seq = 0;
  const sub = bus.on((event) => {
    seq += 1;
    ring.push({ seq, event });
    if (ring.length > capacity) {
      ring.shift();
    }
    for (const l of listeners) {
      l(seq, event);
    }
  });
  return {
    since: (after) => ring.filter((e) => e.seq > after),
    subscribe(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose() {
      sub.dispose();
      listeners.clear();
    },
  };
}
