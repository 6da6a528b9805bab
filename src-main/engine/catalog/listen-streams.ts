import type { Client, McpSubscription } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { Logger } from '../types.js';

/**
 * 2026-era backends have no resources/subscribe: list changes and the resource URIs clients
 * subscribed to ride on one `subscriptions/listen` stream per connection.
 */
export interface ListenStreams {
  /**
   * (Re)open `client`'s listen stream with `uris` (left as it is when they did not change). The
   * new stream opens before the old one closes, so no update falls in between. Says whether
   * the backend honours a subscription to `uri` (true when none is asked about).
   */
  relisten(server: string, client: Client, uris: string[], uri?: string): Promise<boolean>;
}

export function createListenStreams(logger: Logger): ListenStreams {
  /** The open stream per connection, and the URIs it was opened with. */
  const listens = new Map<Client, { sub: Promise<McpSubscription | undefined>; uris: string }>();

  function open(server: string, client: Client, uris: string[]): Promise<McpSubscription | undefined> {
    return client
      .listen({
        toolsListChanged: true,
        promptsListChanged: true,
        resourcesListChanged: true,
        ...(uris.length > 0 ? { resourceSubscriptions: uris } : {}),
      })
      .catch((err: unknown) => {
        logger.debug('no subscriptions/listen stream', { server, err: errorText(err) });
        return undefined;
      });
  }

  return {
    async relisten(server, client, uris, uri) {
      const key = uris.join('\0');
      const current = listens.get(client);
      const honours = (sub: McpSubscription | undefined) =>
        uri === undefined || sub?.honoredFilter.resourceSubscriptions?.includes(uri) === true;
      if (current !== undefined && current.uris === key) {
        return honours(await current.sub);
      }
      const next = open(server, client, uris);
      listens.set(client, { sub: next, uris: key });
      const sub = await next;
      if (current !== undefined) {
        void current.sub.then((old) => old?.close()).catch(() => undefined);
      }
      const forget = () => {
        if (listens.get(client)?.sub === next) {
          listens.delete(client);
        }
      };
      if (sub === undefined) {
        forget();
        return false;
      }
      void sub.closed.then(forget);
      return honours(sub);
    },
  };
}
