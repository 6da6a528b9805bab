import {
  type Client,
  type McpSubscription,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, Disposable, Logger, SupervisorApi } from '../types.js';
import type { Forwarder } from './forwarding.js';
import type { SessionPeer } from './sessions.js';
import type { CatalogSettings } from './settings.js';
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
  /** `${server}\0${uri}` → the sessions subscribed. */
  const subscriptions = new Map<string, Set<string>>();
  /** Open subscriptions keep their server awake: one hold per `${server}\0${uri}`. */
  const awakeHolds = new Map<string, Disposable>();
  /** 2026-era backends: the open listen stream per connection (list changes + subscribed URIs). */
  const listens = new Map<Client, { sub: Promise<McpSubscription | undefined>; uris: string }>();

  function urisOf(server: string): string[] {
    const out: string[] = [];
    for (const key of subscriptions.keys()) {
      const [s, uri] = key.split('\0') as [string, string];
      if (s === server) {
        out.push(uri);
      }
    }
    return out.sort();
  }

  /** Remove one subscriber; with the last one the URI's hold on the server goes too. */
  function remove(key: string, sessionId: string): { removed: boolean; last: boolean } {
    const set = subscriptions.get(key);
    if (set === undefined || !set.delete(sessionId)) {
      return { removed: false, last: false };
    }
    if (set.size > 0) {
      return { removed: true, last: false };
    }
    subscriptions.delete(key);
    awakeHolds.get(key)?.dispose();
    awakeHolds.delete(key);
    return { removed: true, last: true };
  }

  /**
   * (Re)open a 2026-era backend's listen stream with the resource URIs clients subscribed to:
   * how 2025-era `resources/subscribe` and `unsubscribe` reach such a backend. The new stream
   * opens before the old one closes, so no update falls in between. Returns whether the
   * backend honours a subscription to `uri` (when given).
   */
  async function relisten(server: string, client: Client, uri?: string): Promise<boolean> {
    const uris = urisOf(server);
    const key = uris.join('\0');
    const current = listens.get(client);
    const honours = (sub: McpSubscription | undefined) =>
      uri === undefined || sub?.honoredFilter.resourceSubscriptions?.includes(uri) === true;
    if (current !== undefined && current.uris === key) {
      return honours(await current.sub);
    }
    const next = client
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
  }

  /** A 2026-era shared backend: the URI joins its listen stream, or the subscription is refused. */
  async function subscribeModern(sessionId: string, server: string, client: Client, uri: string) {
    if (await relisten(server, client, uri)) {
      return;
    }
    remove(`${server}\0${uri}`, sessionId);
    void relisten(server, client).catch(() => undefined);
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Server "${server}" does not offer updates for "${uri}" (its subscriptions/listen stream did not accept it).`,
      { uri },
    );
  }

  const asSession = (sessionId: string) => ({ client: deps.peer(sessionId)?.clientName ?? '?', sessionId });

  return {
    async subscribe(sessionId, server, uri) {
      const key = `${server}\0${uri}`;
      let set = subscriptions.get(key);
      const first = set === undefined || set.size === 0;
      if (set === undefined) {
        set = new Set();
        subscriptions.set(key, set);
      }
      set.add(sessionId);
      if (!awakeHolds.has(key)) {
        awakeHolds.set(key, supervisor.preventSleep(server, 'a client holds a resource subscription'));
      }
      const isolated = deps.settings().servers.get(server)?.isolation === 'per-session';
      const shared = supervisor.connection(server);
      if (!isolated && shared?.era === 'modern') {
        return subscribeModern(sessionId, server, shared.client, uri);
      }
      if (first || isolated) {
        try {
          await deps.forward(server, 'resources/subscribe', { uri }, asSession(sessionId));
        } catch (err) {
          remove(key, sessionId);
          throw err;
        }
      }
    },
    async unsubscribe(sessionId, server, uri) {
      const { removed, last } = remove(`${server}\0${uri}`, sessionId);
      if (!removed) {
        return;
      }
      const isolated = deps.settings().servers.get(server)?.isolation === 'per-session';
      const shared = supervisor.connection(server);
      if (!isolated && shared?.era === 'modern') {
        await relisten(server, shared.client).catch(() => undefined);
        return;
      }
      if (last || isolated) {
        await deps
          .forward(server, 'resources/unsubscribe', { uri }, asSession(sessionId))
          .catch((err: unknown) =>
            logger.debug('backend unsubscribe failed', { server, uri, err: errorText(err) }),
          );
      }
    },
    dropSession(sessionId) {
      for (const key of [...subscriptions.keys()]) {
        if (!remove(key, sessionId).last) {
          continue;
        }
        const [server, uri] = key.split('\0') as [string, string];
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
      const key = `${server}\0${params.uri}`;
      const dedicatedSession = deps.sessionOf(client);
      const targets =
        dedicatedSession !== undefined ? [dedicatedSession] : [...(subscriptions.get(key) ?? [])];
      for (const id of targets) {
        if (subscriptions.get(key)?.has(id) === true) {
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
      for (const uri of urisOf(server)) {
        conn.client
          .request({ method: 'resources/subscribe', params: { uri } }, anyResult)
          .catch((err: unknown) => {
            log.warn('could not renew a resource subscription', { uri, err: errorText(err) });
          });
      }
    },
    close() {
      for (const hold of awakeHolds.values()) {
        hold.dispose();
      }
      awakeHolds.clear();
    },
  };
}
