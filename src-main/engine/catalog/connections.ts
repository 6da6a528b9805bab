import { GatewayError } from '../../../src-shared/errors.js';
import type { BackendConnection, CallContext, SupervisorApi } from '../types.js';
import type { CatalogSettings } from './settings.js';

/**
 * Which connection a request goes over: the session's own for a per-session server, else the
 * shared one. This is the one seam for waking: a request that finds its server sleeping (or
 * starting) awaits it, with a progress notification when the caller asked for progress.
 */
export interface Connections {
  connectionFor(server: string, ctx: CallContext): Promise<BackendConnection>;
  /** Resolve once a sleeping or starting `server` is up (no-op when it runs or is unknown). */
  ensureAwake(server: string, ctx?: CallContext): Promise<void>;
}

export function createConnections(deps: {
  supervisor: SupervisorApi;
  settings: () => CatalogSettings;
  /** The session's own connection to a per-session server (undefined: the session is gone). */
  openDedicated(server: string, sessionId: string): Promise<BackendConnection> | undefined;
}): Connections {
  const { supervisor } = deps;

  async function wakeFor(server: string, ctx: CallContext | undefined): Promise<BackendConnection> {
    const state = supervisor.get(server)?.state;
    if (state === 'sleeping' && ctx?.onProgress !== undefined) {
      try {
        ctx.onProgress({ progress: 0, message: `Starting server "${server}" (it was asleep)…` });
      } catch {
        // A client that went away does not stop the wake.
      }
    }
    const wake = supervisor.wake(server, 'woken by a request');
    if (ctx?.signal === undefined) {
      return wake;
    }
    const signal = ctx.signal;
    signal.throwIfAborted();
    // A cancelled request stops waiting; the server still comes up for whoever asks next.
    return new Promise<BackendConnection>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      wake.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  return {
    async connectionFor(server, ctx) {
      const cfg = deps.settings().servers.get(server);
      if (cfg === undefined) {
        throw new GatewayError(
          'SERVER_NOT_FOUND',
          `There is no server named "${server}" in the gateway config.`,
        );
      }
      if (cfg.isolation === 'per-session' && ctx.sessionId !== undefined) {
        const own = deps.openDedicated(server, ctx.sessionId);
        if (own !== undefined) {
          return own;
        }
      }
      const conn = supervisor.connection(server);
      if (conn === undefined) {
        const state = supervisor.get(server)?.state ?? 'unknown';
        if (state === 'sleeping' || state === 'starting') {
          return wakeFor(server, ctx);
        }
        throw new GatewayError(
          'SERVER_NOT_RUNNING',
          `Server "${server}" is not running (state: ${state}). Start it or check its logs with \`mcp-gateway logs ${server}\`.`,
        );
      }
      return conn;
    },
    async ensureAwake(server, ctx) {
      if (supervisor.connection(server) !== undefined || !deps.settings().servers.has(server)) {
        return;
      }
      const state = supervisor.get(server)?.state;
      if (state === 'sleeping' || state === 'starting') {
        const release = supervisor.hold(server);
        try {
          await wakeFor(server, ctx);
        } finally {
          release();
        }
      }
    },
  };
}
