import type { Client } from '@modelcontextprotocol/client';

import type { Logger, SupervisorApi } from '../types.js';
import type { Forwarder } from './forwarding.js';
import type { SessionPeer } from './sessions.js';
import type { CatalogSettings } from './settings.js';
import type { Subscribers } from './subscribers.js';

export interface SubscriptionDeps {
  supervisor: SupervisorApi;
  settings: () => CatalogSettings;
  forward: Forwarder['forward'];
  peer(sessionId: string): SessionPeer | undefined;
  sessionOf(client: Client): string | undefined;
  logger: Logger;
}

/** What the subscription files share: the subscribers, the listen streams and how a server is reached. */
export interface SubscriptionEnv {
  deps: SubscriptionDeps;
  subscribers: Subscribers;
  /** A 2026-era backend's listen stream reopened with the subscribed URIs (`uri`: the one asked for). */
  relisten(server: string, client: Client, uri?: string): Promise<boolean>;
  /** Whether the server has a backend per session. */
  isolated(server: string): boolean;
  /** A 2026-era shared backend's Client (subscriptions ride on its listen stream), else undefined. */
  modernShared(server: string): Client | undefined;
  /** The forwarding context of a session's request. */
  asSession(sessionId: string): { client: string; sessionId: string };
}
