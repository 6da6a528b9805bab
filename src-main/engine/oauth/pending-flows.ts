import type { OAuthClientProvider } from '@modelcontextprotocol/client';

import type { Clock } from '../types.js';

/** A browser sign-in that waits for the browser to come back to the redirect URI. */
export interface PendingFlow {
  server: string;
  serverUrl: string;
  /** The single-use `state` the callback must bring back. */
  state: string;
  authorizationUrl: string;
  expiresAt: number;
  provider: OAuthClientProvider;
  fetchFn: typeof fetch;
}

/**
 * The browser sign-ins started and not yet finished: at most one per server (a new one replaces
 * it), each found by its `state` once only, and given up when it expires.
 */
export interface PendingFlows {
  /** Adds a flow, replacing the server's earlier one. */
  add(flow: PendingFlow): void;
  /** The flow of this `state`, removed: a callback's answer is used once, whatever happens next. */
  take(state: string | undefined): PendingFlow | undefined;
  forServer(server: string): PendingFlow | undefined;
  /** Gives up the server's flow (sign-out). */
  drop(server: string): void;
  /** Gives up the flows that expired, telling `onExpired` of each. */
  sweep(): void;
  clear(): void;
}

export function createPendingFlows(options: {
  clock: Clock;
  onExpired: (flow: PendingFlow) => void;
}): PendingFlows {
  const byState = new Map<string, PendingFlow>();
  const byServer = new Map<string, PendingFlow>();
  const remove = (flow: PendingFlow | undefined) => {
    if (flow === undefined) {
      return;
    }
    byState.delete(flow.state);
    if (byServer.get(flow.server) === flow) {
      byServer.delete(flow.server);
    }
  };
  return {
    add(flow) {
      remove(byServer.get(flow.server));
      byState.set(flow.state, flow);
      byServer.set(flow.server, flow);
    },
    take(state) {
      const flow = state === undefined ? undefined : byState.get(state);
      remove(flow);
      return flow;
    },
    forServer: (server) => byServer.get(server),
    drop: (server) => remove(byServer.get(server)),
    sweep() {
      const now = options.clock.now();
      for (const flow of [...byState.values()]) {
        if (flow.expiresAt <= now) {
          remove(flow);
          options.onExpired(flow);
        }
      }
    },
    clear() {
      byState.clear();
      byServer.clear();
    },
  };
}
