import type { BackendConnection, Disposable, Logger } from '../types.js';

export type ConnectionListener = (name: string, conn: BackendConnection | undefined) => void;

export interface ConnectionListeners {
  add(listener: ConnectionListener): Disposable;
  notify(name: string, conn: BackendConnection | undefined): void;
}

/** Who hears that a server's shared connection came up or went away; a failing listener is logged. */
export function createConnectionListeners(log: Logger): ConnectionListeners {
  const listeners = new Set<ConnectionListener>();
  return {
    add(listener) {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
    notify(name, conn) {
      for (const l of listeners) {
        try {
          l(name, conn);
        } catch (err) {
          log.error('connection listener failed', { server: name, err: String(err) });
        }
      }
    },
  };
}
