import { randomUUID } from 'node:crypto';

import type { ServerEventBus } from '@modelcontextprotocol/server';

import { errorText } from '../../../src-shared/values.js';
import type { Catalog, Scope } from '../catalog/index.js';
import type { Logger } from '../types.js';

/** URIs one `subscriptions/listen` request may subscribe through the gateway; the rest are not honoured. */
const MAX_LISTEN_URIS = 256;

/**
 * A 2026-07-28 client's own `subscriptions/listen` (its resource URIs) reaching the backends.
 * One relay per 2026-07-28 handler (scope and client token): it is one session to the catalog,
 * so each URI is subscribed at its backend once however many streams ask for it (a 2026-era
 * backend through the gateway's listen stream to it, a 2025-era one with `resources/subscribe`),
 * and counted per stream, so the last stream to let go unsubscribes it. The backends' updates
 * are published on the handler's bus, whose listen router delivers each one only to the streams
 * whose filter names its URI: a client never hears about a URI it did not ask for.
 */
export interface ListenRelay {
  /**
   * Subscribe the URIs a listen request names. Resolves with those the backends accepted (the
   * ones the stream's acknowledgement may honour) and a release for when the stream ends.
   */
  acquire(uris: readonly string[]): Promise<{ honored: string[]; release: () => void }>;
  /** The handler went away: every subscription it held is dropped. */
  dispose(): void;
}

export interface ListenRelayDeps {
  catalog: Catalog;
  scope: Scope;
  clientName: string;
  bus: ServerEventBus;
  logger: Logger;
}

export function createListenRelay(deps: ListenRelayDeps): ListenRelay {
  const { catalog, bus } = deps;
  const id = `listen-${randomUUID()}`;
  let disposed = false;
  const attachment = catalog.attachSession({
    id,
    clientName: deps.clientName,
    notify(method, params) {
      if (method === 'notifications/resources/updated' && typeof params['uri'] === 'string') {
        // The router stamps this stream's own subscription id over the backend's.
        bus.publish({ kind: 'resource_updated', uri: params['uri'], params });
      }
    },
  });
  const holds = createUriHolds(deps, id, () => disposed);

  return {
    async acquire(uris) {
      if (disposed) {
        return { honored: [], release: () => undefined };
      }
      const wanted = [...new Set(uris)].slice(0, MAX_LISTEN_URIS);
      const results = await Promise.all(
        wanted.map(async (uri) => ((await holds.hold(uri)) ? uri : undefined)),
      );
      const honored = results.filter((u): u is string => u !== undefined);
      let released = false;
      return {
        honored,
        release: () => {
          if (released) {
            return;
          }
          released = true;
          for (const uri of honored) {
            holds.drop(uri);
          }
        },
      };
    },
    dispose() {
      if (disposed) {
        return;
      }
      disposed = true;
      holds.clear();
      attachment.dispose();
    },
  };
}

/**
 * The relay's URIs, each subscribed at its backend once and counted per stream: the first
 * stream to ask subscribes it, the last to let go unsubscribes it (unless the relay is gone).
 */
function createUriHolds(deps: ListenRelayDeps, id: string, disposed: () => boolean) {
  const { catalog, scope, logger } = deps;
  const held = new Map<string, { count: number; ok: Promise<boolean> }>();

  async function hold(uri: string): Promise<boolean> {
    let entry = held.get(uri);
    if (entry === undefined) {
      const next = {
        count: 0,
        ok: catalog.subscribe(id, scope, uri).then(
          () => true,
          (err: unknown) => {
            if (held.get(uri) === next) {
              held.delete(uri); // a later stream asks the backend again
            }
            logger.debug('a listen stream asked for a URI no backend accepted', {
              uri,
              err: errorText(err),
            });
            return false;
          },
        ),
      };
      held.set(uri, next);
      entry = next;
    }
    // Counted before the wait, so a stream releasing the URI meanwhile does not unsubscribe it.
    entry.count += 1;
    if (await entry.ok) {
      return true;
    }
    entry.count -= 1;
    return false;
  }

  function drop(uri: string): void {
    const entry = held.get(uri);
    if (entry === undefined) {
      return;
    }
    entry.count -= 1;
    if (entry.count <= 0) {
      held.delete(uri);
      if (!disposed()) {
        catalog
          .unsubscribe(id, scope, uri)
          .catch((err: unknown) =>
            logger.debug('unsubscribing a listen URI failed', { uri, err: String(err) }),
          );
      }
    }
  }

  return { hold, drop, clear: () => held.clear() };
}

/**
 * The resource URIs of a 2026-07-28 `subscriptions/listen` request, or undefined when the body is
 * something else (or names none): then it goes to the SDK's handler as it is.
 */
export function listenUris(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return undefined;
  }
  const m = body as {
    method?: unknown;
    id?: unknown;
    params?: { notifications?: { resourceSubscriptions?: unknown } };
  };
  if (m.method !== 'subscriptions/listen' || m.id === undefined) {
    return undefined;
  }
  const uris = m.params?.notifications?.resourceSubscriptions;
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === 'string')) {
    return undefined;
  }
  return uris as string[];
}

/** The listen request with only the URIs the backends accepted, so its acknowledgement tells the truth. */
export function withHonoredUris(body: unknown, honored: readonly string[]): unknown {
  const m = body as { params: { notifications: Record<string, unknown> } & Record<string, unknown> };
  const notifications: Record<string, unknown> = { ...m.params.notifications };
  delete notifications['resourceSubscriptions'];
  if (honored.length > 0) {
    notifications['resourceSubscriptions'] = [...honored];
  }
  return { ...(body as Record<string, unknown>), params: { ...m.params, notifications } };
}
