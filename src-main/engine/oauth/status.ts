import type { MachineGrant } from './machine.js';
import type { PendingFlow } from './pending-flows.js';
import { sameServer, type SignInRecord } from './record.js';

/** What the API shows about a server's sign-in: never a token. */
export interface SignInStatus {
  /** Tokens are stored for this server's URL. */
  signedIn: boolean;
  /** A sign-in was started and waits for the browser to come back. */
  pending: boolean;
  /** The sign-in page of the pending sign-in (to open it again). */
  authorizationUrl?: string;
  /** When the pending sign-in is given up. */
  pendingUntil?: number;
  /** When the access token expires (it is refreshed before). */
  expiresAt?: number;
  scope?: string;
  issuer?: string;
  /** Why the last sign-in or refresh failed. */
  lastError?: string;
  /**
   * `client_credentials` (a machine account), `jwt_bearer` (workload identity) or `enterprise`
   * (the company's identity provider, ID-JAG): no browser.
   */
  grant?: MachineGrant;
  /** The tokens are bound to the gateway's DPoP key (RFC 9449); the key itself is never shown. */
  dpop?: boolean;
}

/** A server's sign-in status from its record (only if it is for `url`), its pending flow and last error. */
export function signInStatus(
  url: string,
  known: {
    record: SignInRecord | undefined;
    flow: PendingFlow | undefined;
    lastError: string | undefined;
    grant: MachineGrant | undefined;
  },
): SignInStatus {
  const { record, flow, lastError, grant } = known;
  const mine = record !== undefined && sameServer(record.serverUrl, url) ? record : undefined;
  return {
    ...(grant !== undefined ? { grant } : {}),
    signedIn: mine?.tokens !== undefined && mine.signedOut !== true,
    pending: flow !== undefined,
    ...(flow ? { authorizationUrl: flow.authorizationUrl, pendingUntil: flow.expiresAt } : {}),
    ...(mine?.expiresAt !== undefined ? { expiresAt: mine.expiresAt } : {}),
    ...(mine?.tokens?.scope ? { scope: mine.tokens.scope } : {}),
    ...(mine?.issuer ? { issuer: mine.issuer } : {}),
    ...(mine?.dpop !== undefined && mine.tokens?.token_type?.toLowerCase() === 'dpop' ? { dpop: true } : {}),
    ...(lastError ? { lastError } : {}),
  };
}
