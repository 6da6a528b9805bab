import type { EngineEvent } from '../../../src-shared/events.js';
import { Ring } from '../../../src-shared/ring.js';
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
  const ring = new Ring<{ seq: number; event: EngineEvent }>(capacity);
  const listeners = new Set<(seq: number, event: EngineEvent) => void>();
  let seq = 0;
  const sub = bus.on((event) => {
    seq += 1;
    ring.push({ seq, event });
    for (const l of listeners) {
      l(seq, event);
    }
  });
  return {
    // Numbers are consecutive: what came after `after` is the newest `seq - after` (an id from
    // before the kept ones gets all of them, one from the future none).
    since: (after) => (Number.isFinite(after) ? ring.newest(seq - Math.floor(after)) : []),
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
