import type { ServerConfig } from '../../../src-shared/config.js';
import { errorText } from '../../../src-shared/values.js';
import type { SecretStore } from '../security/index.js';
import type { Clock, Disposable, Logger } from '../types.js';
import { type BackendAuth, browserAuthFor } from './backend-auth.js';
import {
  type BrowserSignInOptions,
  finishBrowserSignIn,
  startBrowserSignIn,
  type StartSignInResult,
} from './browser-sign-in.js';
import { createChallenges } from './challenges.js';
import { basicCredentials } from './client-auth.js';
import { revocationEndpointOf } from './discovery.js';
import { createDpopSessions } from './dpop-session.js';
import { isMachineAccount, type MachineGrant, machineGrantOf } from './machine.js';
import { createMachineSignIn } from './machine-sign-in.js';
import type { SignInParts } from './parts.js';
import { createPendingFlows } from './pending-flows.js';
import { sameServer, type SignInRecord } from './record.js';
import { createRecordStore } from './record-store.js';
import { oauthSettings, signInUrlOf, usesOAuth } from './settings.js';
import { createSignInEvents } from './sign-in-events.js';
import { createFlights } from './single-flight.js';
import { allowedScopeFor, createGuardedFetch, type Resolver } from './url-safety.js';

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

export interface OAuthManagerOptions {
  secrets: () => Promise<SecretStore>;
  logger: Logger;
  clock: Clock;
  /** The loopback redirect URI on the gateway's own port. */
  redirectUrl: () => string;
  /** Opens a URL in the user's browser (desktop: shell.openExternal; headless: $BROWSER). */
  openUrl?: (url: string) => Promise<void>;
  /** Refresh this long before the access token expires. Default 60 s. */
  refreshMarginMs?: number;
  /** How long a started sign-in waits for the browser. Default 10 min. */
  pendingTtlMs?: number;
  /** DNS for the address checks (tests). */
  resolve?: Resolver;
  /**
   * Step-up re-authorizations allowed per server (in ten minutes) before the gateway stops asking.
   * Default 2: with the first sign-in, at most three authorization requests (the MCP spec's bound).
   */
  maxStepUps?: number;
}

export interface OAuthManager {
  /** The transport hook of a remote server: `undefined` for servers that do not use OAuth. */
  authFor(server: string, config: ServerConfig): BackendAuth | undefined;
  /** Begin the browser sign-in: discovery, registration, PKCE; returns the page to open. */
  startSignIn(server: string, config: ServerConfig, options?: { open?: boolean }): Promise<StartSignInResult>;
  /** The browser came back to the redirect URI. Resolves with the server signed in to. */
  handleCallback(query: Record<string, string | undefined>): Promise<{ server: string }>;
  /** Revoke where supported and forget the tokens. */
  signOut(server: string, config: ServerConfig | undefined): Promise<{ revoked: boolean }>;
  status(server: string, config: ServerConfig): SignInStatus | undefined;
  /** Loads the stored record so `status` knows about earlier sign-ins. */
  preload(server: string, config: ServerConfig): Promise<void>;
  /** A server that was signed in lost it (refresh refused, signed out, step-up needed). */
  onSignInNeeded(listener: (server: string, reason: string) => void): Disposable;
  onSignedIn(listener: (server: string) => void): Disposable;
  close(): void;
}


function text(err: unknown): string {
  return errorText(err);
}

/**
 * The gateway as the OAuth 2.1 client of its remote servers. The SDK's `auth()` runs the flow
 * (PKCE S256, RFC 8707 `resource`, RFC 9207 `iss`, DCR/CIMD, token exchange); this module
 * fills the gaps the MCP spec asks clients to close: it refuses authorization servers that do
 * not advertise PKCE, always sends a `resource`, checks every URL's scheme and network
 * (SSRF), keeps tokens only in the keychain, refreshes before expiry and on 401, and turns a
 * failed refresh into "needs sign-in" rather than a browser popping up from the background.
 */
export function createOAuthManager(options: OAuthManagerOptions): OAuthManager {
  const log = options.logger.child({ component: 'oauth' });
  const clock = options.clock;
  const margin = options.refreshMarginMs ?? 60_000;
  const ttl = options.pendingTtlMs ?? 10 * 60_000;
  const maxStepUps = options.maxStepUps ?? 2;
  const challenges = createChallenges({ clock, maxStepUps });
  const lastErrors = new Map<string, string>();
  const renewals = createFlights<SignInRecord | undefined>();
  const store = createRecordStore({ secrets: options.secrets, log });
  const events = createSignInEvents(log);
  const dpopSessions = createDpopSessions({ log, recordFor: store.recordFor });
  const pending = createPendingFlows({
    clock,
    onExpired: (flow) => lastErrors.set(flow.server, 'the sign-in page was not completed in time; sign in again'),
  });
  const fetchFor = (serverUrl: URL): typeof fetch =>
    createGuardedFetch({
      allowed: allowedScopeFor(serverUrl),
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
  const parts: SignInParts = {
    log,
    clock,
    store,
    challenges,
    dpop: dpopSessions,
    events,
    pending,
    lastErrors,
    renewals,
    fetchFor,
    refreshMarginMs: margin,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  };
  const machine = createMachineSignIn(parts);

  const authFor = (server: string, config: ServerConfig): BackendAuth | undefined => {
    if (!usesOAuth(config) || config.url === undefined) {
      return undefined;
    }
    const url = config.url;
    if (isMachineAccount(oauthSettings(config))) {
      return machine.authFor(server, config, url);
    }
    return browserAuthFor(parts, server, url, oauthSettings(config).dpop);
  };

  const browserOptions: BrowserSignInOptions = {
    redirectUrl: options.redirectUrl,
    ...(options.openUrl ? { openUrl: options.openUrl } : {}),
    pendingTtlMs: ttl,
  };
  const startSignIn = async (
    server: string,
    config: ServerConfig,
    startOptions: { open?: boolean } = {},
  ): Promise<StartSignInResult> => {
    const url = signInUrlOf(server, config);
    pending.sweep();
    const settings = oauthSettings(config);
    if (isMachineAccount(settings)) {
      // No browser: ask the token endpoint now; the server then starts with the token.
      await machine.obtain(server, config, { force: true });
      events.signedIn(server);
      return { opened: false, pendingUntil: clock.now() };
    }
    return startBrowserSignIn(parts, browserOptions, { server, url, settings, open: startOptions.open !== false });
  };

  const revoke = async (record: SignInRecord): Promise<boolean> => {
    const endpoint = revocationEndpointOf(record.discovery?.authorizationServerMetadata);
    const client = record.client;
    if (endpoint === undefined || client === undefined || record.tokens === undefined) {
      return false;
    }
    const fetchFn = fetchFor(new URL(record.serverUrl));
    const tokens: Array<[string, string]> = [];
    if (record.tokens.refresh_token) {
      tokens.push([record.tokens.refresh_token, 'refresh_token']);
    }
    tokens.push([record.tokens.access_token, 'access_token']);
    let revoked = false;
    for (const [token, hint] of tokens) {
      const body = new URLSearchParams({ token, token_type_hint: hint });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (client.client_secret) {
        headers.authorization = basicCredentials(client.client_id, client.client_secret);
      } else {
        body.set('client_id', client.client_id);
      }
      const res = await fetchFn(endpoint, { method: 'POST', headers, body });
      await res.text().catch(() => undefined);
      revoked ||= res.ok;
    }
    return revoked;
  };

  return {
    authFor,
    startSignIn,
    handleCallback: (query) => finishBrowserSignIn(parts, query),

    async signOut(server, config) {
      store.nextGeneration(server);
      pending.drop(server);
      challenges.forget(server);
      dpopSessions.forget(server);
      // A token being written now is written first, so it is the one revoked and forgotten.
      await store.settled(server);
      const record = await store.load(server);
      if (config !== undefined && usesOAuth(config) && isMachineAccount(oauthSettings(config))) {
        // A machine account's token is not revoked (it is short-lived and the grant needs the
        // account's own authentication); it is forgotten and no new one is asked for until the
        // user signs in again.
        await store.save(server, {
          v: 1,
          serverUrl: config.url ?? '',
          grant: machineGrantOf(oauthSettings(config)) ?? 'client_credentials',
          signedOut: true,
        });
        lastErrors.delete(server);
        log.info('signed out', { server, revoked: false });
        events.needed(server, 'signed out');
        return { revoked: false };
      }
      if (record === undefined || record.tokens === undefined) {
        return { revoked: false };
      }
      let revoked = false;
      try {
        revoked = await revoke(record);
      } catch (err) {
        // The tokens are forgotten regardless; the server lets them expire.
        log.warn('token revocation failed', { server, err: text(err) });
      }
      await store.forgetTokens(server, record);
      lastErrors.delete(server);
      log.info('signed out', { server, revoked });
      if (config !== undefined && usesOAuth(config)) {
        events.needed(server, 'signed out');
      }
      return { revoked };
    },

    status(server, config) {
      if (!usesOAuth(config) || config.url === undefined) {
        return undefined;
      }
      pending.sweep();
      const record = store.cached(server);
      const mine = record !== undefined && sameServer(record.serverUrl, config.url) ? record : undefined;
      const flow = pending.forServer(server);
      const error = lastErrors.get(server);
      const grant = machineGrantOf(oauthSettings(config));
      return {
        ...(grant !== undefined ? { grant } : {}),
        signedIn: mine?.tokens !== undefined && mine.signedOut !== true,
        pending: flow !== undefined,
        ...(flow ? { authorizationUrl: flow.authorizationUrl, pendingUntil: flow.expiresAt } : {}),
        ...(mine?.expiresAt !== undefined ? { expiresAt: mine.expiresAt } : {}),
        ...(mine?.tokens?.scope ? { scope: mine.tokens.scope } : {}),
        ...(mine?.issuer ? { issuer: mine.issuer } : {}),
        ...(mine?.dpop !== undefined && mine.tokens?.token_type?.toLowerCase() === 'dpop'
          ? { dpop: true }
          : {}),
        ...(error ? { lastError: error } : {}),
      };
    },

    async preload(server, config) {
      if (usesOAuth(config)) {
        await store.load(server).catch(() => undefined);
      }
    },

    onSignInNeeded: (listener) => events.onSignInNeeded(listener),
    onSignedIn: (listener) => events.onSignedIn(listener),

    close() {
      pending.clear();
      events.clear();
    },
  };
}
