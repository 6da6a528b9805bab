import type { EngineEvent } from '../../src-shared/events.js';
import type { Clock, Disposable, EventBus, Logger, TimerHandle } from './types.js';

/** In-process event bus. A throwing listener is logged, never breaks the emitter. */
export function createEventBus(logger?: Logger): EventBus {
  const listeners = new Set<(e: EngineEvent) => void>();
  return {
    emit(event) {
      for (const l of listeners) {
        try {
          l(event);
        } catch (err) {
          logger?.error('event listener failed', { type: event.type, err: String(err) });
        }
      }
    },
    on(listener): Disposable {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h: TimerHandle | undefined) => {
    if (h !== undefined) {
      clearTimeout(h as ReturnType<typeof setTimeout>);
    }
  },
};
