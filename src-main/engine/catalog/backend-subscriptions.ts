import type { Client } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection } from '../types.js';
import type { SubscriptionEnv } from './subscription-env.js';
import { anyResult } from './wire.js';

/**
 * The backends' side of subscriptions: a session's end unsubscribes at its backends what only it
 * held, an update goes to the sessions subscribed, and a fresh connection is subscribed again.
 */
export function backendSubscriptions(env: SubscriptionEnv): {
  dropSession(sessionId: string): void;
  updated(server: string, client: Client, params: { uri: string } & Record<string, unknown>): void;
  renew(server: string, conn: BackendConnection): void;
} {
  const { deps, subscribers, relisten } = env;
  const { supervisor, logger } = deps;
  return {
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
  };
}
