import { GatewayError } from '../../../src-shared/errors.js';
import type { BackendConnection } from '../types.js';
import { type BackendOpener, redactedError } from './backend-opener.js';
import type { Entry } from './entry.js';

export interface DedicatedConnections {
  open(e: Entry, sessionId: string): Promise<BackendConnection>;
  /** The gateway stops: close those still open. */
  closeAll(): Array<Promise<void>>;
}

/** The connections opened for one client session each (`isolation: per-session`); the caller closes them. */
export function createDedicatedConnections(deps: {
  opener: BackendOpener;
  isClosed: () => boolean;
}): DedicatedConnections {
  const open = new Set<BackendConnection>();
  return {
    async open(e, sessionId) {
      if (e.state === 'disabled') {
        throw new GatewayError('SERVER_DISABLED', `server '${e.name}' is disabled — enable it first`);
      }
      if (deps.isClosed()) {
        throw new GatewayError('UNAVAILABLE', 'the gateway is stopping');
      }
      const expanded = await deps.opener.expand(e);
      const conn = await deps.opener.open(e, expanded, { dedicatedFor: sessionId }).catch((err: unknown) => {
        throw redactedError(err, expanded, e.config);
      });
      if (deps.isClosed()) {
        await conn.close();
        throw new GatewayError('UNAVAILABLE', 'the gateway is stopping');
      }
      open.add(conn);
      void conn.closed.then(() => open.delete(conn));
      return conn;
    },
    closeAll: () => [...open].map((c) => c.close()),
  };
}
