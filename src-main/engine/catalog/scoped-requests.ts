import type { Disposable } from '../types.js';
import type { CatalogParts } from './catalog-parts.js';
import type { CatalogState } from './catalog-state.js';
import type { ForwardContext } from './forwarding.js';
import {
  completionTarget,
  promptTarget,
  resourceTarget,
  type Scope,
  serverForUri,
  type TargetContext,
} from './scope.js';
import type { SessionPeer } from './sessions.js';

type Params = Record<string, unknown>;
type Result = Promise<Record<string, unknown>>;

/** The requests of a scope other than tools (resources, prompts, completions, subscriptions) and sessions. */
export interface ScopedRequests {
  readResource(scope: Scope, params: Params, ctx: ForwardContext): Result;
  getPrompt(scope: Scope, params: Params, ctx: ForwardContext): Result;
  complete(scope: Scope, params: Params, ctx: ForwardContext): Result;
  subscribe(sessionId: string, scope: Scope, uri: string): Promise<void>;
  unsubscribe(sessionId: string, scope: Scope, uri: string): Promise<void>;
  attachSession(peer: SessionPeer): Disposable;
}

/**
 * Each request resolved to its server in the scope (by the views and settings as of now) and
 * forwarded; a session's end drops its subscriptions, its pending client requests and its own
 * backends.
 */
export function createScopedRequests(
  state: CatalogState,
  parts: Pick<CatalogParts, 'views' | 'store' | 'forwarder' | 'subscriptions' | 'sessions' | 'requests'>,
): ScopedRequests {
  const { views, store, forwarder, subscriptions, sessions, requests } = parts;
  /** What resolving a request's target needs, as of now. */
  const targets = (): TargetContext => ({
    others: views.others(),
    servers: state.settings.servers,
    resourceServers: () =>
      [...store.lists.keys()].filter((s) => store.capabilities(s)?.resources !== undefined),
  });
  return {
    async readResource(scope, params, ctx) {
      const server = resourceTarget(targets(), scope, String(params['uri']));
      return forwarder.forward(server, 'resources/read', params, ctx);
    },
    async getPrompt(scope, params, ctx) {
      const t = promptTarget(targets(), scope, params);
      return forwarder.forward(t.server, 'prompts/get', t.params, ctx);
    },
    async complete(scope, params, ctx) {
      const t = completionTarget(targets(), scope, params);
      return forwarder.forward(t.server, 'completion/complete', t.params, ctx);
    },
    async subscribe(sessionId, scope, uri) {
      await subscriptions.subscribe(sessionId, resourceTarget(targets(), scope, uri), uri);
    },
    unsubscribe: (sessionId, scope, uri) =>
      subscriptions.unsubscribe(
        sessionId,
        serverForUri(views.others(), scope, uri, targets().resourceServers),
        uri,
      ),
    attachSession(peer) {
      const attached = sessions.attach(peer);
      return {
        dispose: () => {
          if (!attached.detach()) {
            return;
          }
          subscriptions.dropSession(peer.id);
          requests.dropSession(peer.id);
          sessions.closeBackends(peer.id);
        },
      };
    },
  };
}
