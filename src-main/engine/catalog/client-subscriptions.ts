import { type Client, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { SubscriptionEnv } from './subscription-env.js';

/**
 * A client's subscribe and unsubscribe. A shared backend is subscribed with the first subscriber
 * and unsubscribed with the last, a per-session backend for each session; a 2026-era shared
 * backend's URIs ride on its listen stream instead.
 */
export function clientSubscriptions(env: SubscriptionEnv): {
  subscribe(sessionId: string, server: string, uri: string): Promise<void>;
  unsubscribe(sessionId: string, server: string, uri: string): Promise<void>;
} {
  const { deps, subscribers, relisten, isolated, modernShared, asSession } = env;

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
            deps.logger.debug('backend unsubscribe failed', { server, uri, err: errorText(err) }),
          );
      }
    },
  };
}
