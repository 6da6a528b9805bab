import { useConnection } from '../stores/connection.js';
import type { Bootstrap } from './bootstrap.js';
import { type ApiClient, createApiClient } from './client.js';
import { applyEvent } from './engine-events.js';
import { createEventStream } from './event-stream.js';
import { createRefresher } from './refresher.js';
import { ALL_SNAPSHOTS, loadSnapshot, type Snapshot } from './snapshots.js';

/**
 * The one link between the UI and the engine: the typed client for requests, and the event
 * stream that feeds the stores. After every (re)connect the snapshots are fetched again, so a
 * restarted engine or a missed event never leaves the screen stale.
 */
export interface EngineLink {
  api: ApiClient;
  desktop: Bootstrap['desktop'];
  /** Refetch these snapshots now (coalesced). */
  refresh(what: Snapshot[]): void;
  setToken(token: string): void;
  close(): void;
}

/** Composes the client for the current token, the coalesced refetches and the event stream. */
export function createEngineLink(boot: Bootstrap): EngineLink {
  let token = boot.token;
  useConnection.setState({ apiBase: boot.apiBase, desktop: boot.desktop !== undefined });

  const makeClient = (): ApiClient =>
    createApiClient({
      apiBase: boot.apiBase,
      token,
      onUnauthorized: () =>
        useConnection.setState({ status: 'unauthorized', detail: 'The gateway refused the access token.' }),
    });
  let client = makeClient();
  // Views hold this object; it always forwards to the client for the current token.
  const api: ApiClient = {
    apiBase: boot.apiBase,
    call: ((...args: Parameters<ApiClient['call']>) => client.call(...args)) as ApiClient['call'],
    url: (route, input) => client.url(route, input),
    headers: () => client.headers(),
  };

  const refresher = createRefresher((what) => loadSnapshot(api, what));
  const stream = createEventStream({
    api,
    hasToken: () => token !== undefined,
    onOpen: () => refresher.refresh(ALL_SNAPSHOTS),
    onEvent: (e) => applyEvent(e, refresher.refresh),
  });
  stream.connect();

  return {
    api,
    desktop: boot.desktop,
    refresh: refresher.refresh,
    setToken(t: string) {
      token = t;
      client = makeClient();
      stream.stop();
      useConnection.setState({ status: 'connecting', detail: undefined });
      stream.connect();
    },
    close() {
      stream.close();
      refresher.close();
    },
  };
}
