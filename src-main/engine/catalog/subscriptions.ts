import type { Client } from '@modelcontextprotocol/client';

import type { BackendConnection } from '../types.js';
import { backendSubscriptions } from './backend-subscriptions.js';
import { clientSubscriptions } from './client-subscriptions.js';
import { createListenStreams } from './listen-streams.js';
import { createSubscribers } from './subscribers.js';
import type { SubscriptionDeps, SubscriptionEnv } from './subscription-env.js';

/**
 * Resource subscriptions of client sessions. A shared backend is subscribed once per URI (with
 * the first subscriber) and unsubscribed with the last; a per-session backend once per session.
 * A 2026-era backend has no resources/subscribe: its subscribed URIs ride on its listen stream.
 * An open subscription keeps its server awake.
 */
export interface Subscriptions {
  subscribe(sessionId: string, server: string, uri: string): Promise<void>;
  unsubscribe(sessionId: string, server: string, uri: string): Promise<void>;
  /** The session ended: its subscriptions go, and with the last subscriber the backend's. */
  dropSession(sessionId: string): void;
  /** `notifications/resources/updated` from a backend: to the sessions subscribed to that URI. */
  updated(server: string, client: Client, params: { uri: string } & Record<string, unknown>): void;
  /** A server's connection listed afresh (it started, or restarted): renew what clients hold. */
  renew(server: string, conn: BackendConnection): void;
  /** Release every hold on sleep (the backends' subscriptions end with their connections). */
  close(): void;
}

export function createSubscriptions(deps: SubscriptionDeps): Subscriptions {
  const { supervisor, logger } = deps;
  const subscribers = createSubscribers((server) =>
    supervisor.preventSleep(server, 'a client holds a resource subscription'),
  );
  const listens = createListenStreams(logger);
  const isolated = (server: string) => deps.settings().servers.get(server)?.isolation === 'per-session';
  const env: SubscriptionEnv = {
    deps,
    subscribers,
    relisten: (server, client, uri) => listens.relisten(server, client, subscribers.urisOf(server), uri),
    isolated,
    modernShared(server) {
      const shared = supervisor.connection(server);
      return !isolated(server) && shared?.era === 'modern' ? shared.client : undefined;
    },
    asSession: (sessionId) => ({ client: deps.peer(sessionId)?.clientName ?? '?', sessionId }),
  };
  return {
    ...clientSubscriptions(env),
    ...backendSubscriptions(env),
    close: () => subscribers.close(),
  };
}
