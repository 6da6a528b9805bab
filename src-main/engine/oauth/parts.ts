import type { Clock, Logger } from '../types.js';
import type { Challenges } from './challenges.js';
import type { DpopSessions } from './dpop-session.js';
import type { PendingFlows } from './pending-flows.js';
import type { SignInRecord } from './record.js';
import type { RecordStore } from './record-store.js';
import type { SignInEvents } from './sign-in-events.js';
import type { Flights } from './single-flight.js';
import type { Resolver } from './url-safety.js';

/**
 * The parts one OAuth manager is built of, each with its own state. The flows (refresh,
 * machine sign-in, browser sign-in, sign-out) take the few they use (`Pick<SignInParts, …>`).
 */
export interface SignInParts {
  log: Logger;
  clock: Clock;
  store: RecordStore;
  challenges: Challenges;
  dpop: DpopSessions;
  events: SignInEvents;
  pending: PendingFlows;
  /** Why each server's last sign-in, refresh or renewal failed: its status shows it. */
  lastErrors: Map<string, string>;
  /** Token renewals in flight (a refresh, or a machine account's new token): one per server. */
  renewals: Flights<SignInRecord | undefined>;
  /** The guarded fetch for OAuth requests made for the server at this URL. */
  fetchFor(serverUrl: URL): typeof fetch;
  /** Renew this long before the access token expires. */
  refreshMarginMs: number;
  /** DNS for the address checks (tests). */
  resolve?: Resolver;
}
