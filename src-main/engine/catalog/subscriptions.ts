import { type Client, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, Logger, SupervisorApi } from '../types.js';
import type { Forwarder } from './forwarding.js';
import { createListenStreams } from './listen-streams.js';
import type { SessionPeer } from './sessions.js';
import type { CatalogSettings } from './settings.js';
import { createSubscribers } from './subscribers.js';
import { anyResult } from './wire.js';

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

export function createSubscriptions(deps: {
  supervisor: SupervisorApi;
  settings: () => CatalogSettings;
  forward: Forwarder['forward'];
  peer(sessionId: string): SessionPeer | undefined;
  sessionOf(client: Client): string | undefined;
  logger: Logger;
}): Subscriptions {
  const { supervisor, logger } = deps;
  const subscribers = createSubscribers((server) =>
    supervisor.preventSleep(server, 'a client holds a resource subscription'),
  );
  const listens = createListenStreams(logger);
  const relisten = (server: string, client: Client, uri?: string) =>
    listens.relisten(server, client, subscribers.urisOf(server), uri);
  const isolated = (server: string) => deps.settings().servers.get(server)?.isolation === 'per-session';
  /** A 2026-era shared backend's Client (subscriptions ride on its listen stream), else undefined. */
  const modernShared = (server: string) => {
    const shared = supervisor.connection(server);
    return !isolated(server) && shared?.era === 'modern' ? shared.client : undefined;
  };
  const asSession = (sessionId: string) => ({ client: deps.peer(sessionId)?.clientName ?? '?', sessionId });

  /** A 2026-era shared backend: the URI joins its listen stream, or the subscription is refused. */
  async function subscribeModern(sessionId: string, server: string, client: Client, uri: string) {
    if (await relisten(server, client, uri)) {
      return;
    }
    subscribers.remove(server, uri, sessionId);
    void relisten(server, client).catch(() => undefined);
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Server "${server}" does not offer updates for "${uri}" (its subscriptions/listen stream did not accept it).`,
      { uri },
    );
  }

  return {
    async subscribe(sessionId, server, uri) {
      const first = subscribers.add(server, uri, sessionId);
      const modern = modernShared(server);
      if (modern !== undefined) {
        return subscribeModern(sessionId, server, modern, uri);
      }
      if (first || isolated(server)) {
        try {
          await deps.forward(server, 'resources/subscribe', { uri }, asSession(sessionId));
        } catch (err) {
          subscribers.remove(server, uri, sessionId);
          throw err;
        }
      }
    },
    async unsubscribe(sessionId, server, uri) {
      const { removed, last } = subscribers.remove(server, uri, sessionId);
      if (!removed) {
        return;
      }
      const modern = modernShared(server);
      if (modern !== undefined) {
        await relisten(server, modern).catch(() => undefined);
        return;
      }
      if (last || isolated(server)) {
        await deps
          .forward(server, 'resources/unsubscribe', { uri }, asSession(sessionId))
          .catch((err: unknown) =>
            logger.debug('backend unsubscribe failed', { server, uri, err: errorText(err) }),
          );
      }
    },
    dropSession(sessionId) {
      for (const { server, uri } of subscribers.dropSession(sessionId)) {
        const conn = supervisor.connection(server);
        if (conn?.era === 'modern') {
          void relisten(server, conn.client).catch(() => undefined);
        } else {
          conn?.client
            .request({ method: 'resources/unsubscribe', params: { uri } }, anyResult)
            .catch(() => undefined);
        }
      }
    },
    updated(server, client, params) {
      const dedicatedSession = deps.sessionOf(client);
      const targets =
        dedicatedSession !== undefined
          ? [dedicatedSession]
          : [...(subscribers.sessions(server, params.uri) ?? [])];
      for (const id of targets) {
        if (subscribers.sessions(server, params.uri)?.has(id) === true) {
          deps.peer(id)?.notify('notifications/resources/updated', params);
        }
      }
    },
    renew(server, conn) {
      const log = logger.child({ server });
      if (conn.era === 'modern') {
        // 2026-07-28 backends push list changes and resource updates only on a listen stream.
        void relisten(server, conn.client).catch((err: unknown) =>
          log.debug('no subscriptions/listen stream', { err: errorText(err) }),
        );
        return;
      }
      for (const uri of subscribers.urisOf(server)) {
        conn.client
          .request({ method: 'resources/subscribe', params: { uri } }, anyResult)
          .catch((err: unknown) => {
            log.warn('could not renew a resource subscription', { uri, err: errorText(err) });
          });
      }
    },
    close: () => subscribers.close(),
  };
}
