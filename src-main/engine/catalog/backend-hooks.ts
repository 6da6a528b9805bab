import type { Client, ClientCapabilities } from '@modelcontextprotocol/client';

import type { BackendHooks } from '../types.js';
import type { ClientRequests } from './client-requests.js';
import type { Subscriptions } from './subscriptions.js';
import type { ListKind } from './wire.js';

/**
 * The SDK handles a response synchronously but notifications one microtask later, so a
 * backend's last progress notification, arriving in the same chunk as the result, would find
 * its request already gone and be dropped. Deferring responses by one microtask keeps the
 * wire order. (`_onresponse` is the Protocol's documented override point.)
 */
function keepProgressOrder(client: Client): void {
  const target = client as unknown as { _onresponse: (response: unknown) => void };
  const original = target._onresponse.bind(client);
  target._onresponse = (response) => queueMicrotask(() => original(response));
}

/**
 * What every backend Client gets before it connects: the gateway's client capabilities, and
 * handlers for what the backend sends outside a response, each handed to the module that owns it.
 */
export function createBackendHooks(deps: {
  requests: ClientRequests;
  subscriptions: Pick<Subscriptions, 'updated'>;
  /** A list changed on the backend: fetch it again (debounced). */
  refresh(server: string, client: Client, kind: ListKind): void;
  /** The Client serves one session alone (`"isolation": "per-session"`). */
  dedicate(client: Client, sessionId: string): void;
}): BackendHooks {
  const { requests, refresh } = deps;

  function installHandlers(server: string, client: Client): void {
    client.setRequestHandler(
      'sampling/createMessage',
      requests.handler(server, client, 'sampling/createMessage'),
    );
    client.setRequestHandler('elicitation/create', requests.handler(server, client, 'elicitation/create'));
    client.setRequestHandler('roots/list', requests.handler(server, client, 'roots/list'));
    client.setNotificationHandler('notifications/tools/list_changed', () => refresh(server, client, 'tools'));
    client.setNotificationHandler('notifications/prompts/list_changed', () =>
      refresh(server, client, 'prompts'),
    );
    client.setNotificationHandler('notifications/resources/list_changed', () => {
      refresh(server, client, 'resources');
      refresh(server, client, 'resourceTemplates');
    });
    client.setNotificationHandler('notifications/resources/updated', (n) =>
      deps.subscriptions.updated(server, client, n.params as { uri: string } & Record<string, unknown>),
    );
    client.setNotificationHandler('notifications/elicitation/complete', (n) =>
      requests.elicitationComplete(server, n.params as Record<string, unknown>),
    );
    client.setNotificationHandler('notifications/message', (n) =>
      requests.log(server, client, n.params as { level: string; data?: unknown; logger?: string }),
    );
  }

  return {
    capabilities(): ClientCapabilities {
      return { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };
    },
    prepare(server, client, dedicatedFor) {
      if (dedicatedFor !== undefined) {
        deps.dedicate(client, dedicatedFor);
      }
      keepProgressOrder(client);
      installHandlers(server, client);
    },
  };
}
