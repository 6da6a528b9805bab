import { randomBytes } from 'node:crypto';

import {
  auth,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthClientInformation,
} from '@modelcontextprotocol/client';

import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';
import type { SecretStore } from '../security/index.js';
import type { Clock, Disposable, Logger } from '../types.js';
import { type BackendAuth, browserAuthFor } from './backend-auth.js';
import { createChallenges } from './challenges.js';
import { basicCredentials } from './client-auth.js';
import { discover, resourceIndicator, resourceOf, revocationEndpointOf } from './discovery.js';
import { createDpopSessions, type KeyHolder } from './dpop-session.js';
import { explainSignInError } from './errors.js';
import { isMachineAccount, type MachineGrant, machineGrantOf } from './machine.js';
import { createMachineSignIn } from './machine-sign-in.js';
import type { SignInParts } from './parts.js';
import { createPendingFlows, type PendingFlow } from './pending-flows.js';
import { sameServer, type SignInRecord, withKey, withTokens } from './record.js';
import { createRecordStore } from './record-store.js';
import { oauthSettings, usesOAuth } from './settings.js';
import { createSignInEvents } from './sign-in-events.js';
import { createFlights } from './single-flight.js';
import {
  allowedScopeFor,
  assertOAuthUrl,
  createGuardedFetch,
  type Resolver,
} from './url-safety.js';

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

export interface StartSignInResult {
  /** The page to open; absent for a machine account, which signs in without a browser. */
  authorizationUrl?: string;
  /** Whether the gateway opened it in a browser itself. */
  opened: boolean;
  pendingUntil: number;
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

const CLIENT_NAME = 'MCP Gateway';

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

  const startSignIn = async (
    server: string,
    config: ServerConfig,
    startOptions: { open?: boolean } = {},
  ): Promise<StartSignInResult> => {
    if (config.url === undefined) {
      throw new GatewayError(
        'BAD_REQUEST',
        `server '${server}' is a local (stdio) server; only remote servers sign in`,
      );
    }
    if (!usesOAuth(config)) {
      throw new GatewayError(
        'BAD_REQUEST',
        config.oauth === false
          ? `sign-in is turned off for '${server}' (mcpServers.${server}.oauth is false)`
          : `server '${server}' sends its own Authorization header (mcpServers.${server}.headers); remove it to sign in with OAuth instead`,
      );
    }
    pending.sweep();
    if (isMachineAccount(oauthSettings(config))) {
      // No browser: ask the token endpoint now; the server then starts with the token.
      await machine.obtain(server, config, { force: true });
      events.signedIn(server);
      return { opened: false, pendingUntil: clock.now() };
    }
    const serverUrl = new URL(config.url);
    const allowed = allowedScopeFor(serverUrl);
    const fetchFn = fetchFor(serverUrl);
    const settings = oauthSettings(config);
    const redirectUrl = options.redirectUrl();
    const state = randomBytes(32).toString('base64url');
    const previous = (await store.load(server)) ?? undefined;
    const base: SignInRecord =
      previous !== undefined && sameServer(previous.serverUrl, config.url)
        ? previous
        : { v: 1, serverUrl: config.url };
    let working: SignInRecord = { ...base, serverUrl: config.url };
    let discovery: OAuthDiscoveryState;
    try {
      discovery = await discover(server, serverUrl, { fetchFn, allowed, challenge: challenges.get(server) });
    } catch (err) {
      const e = explainSignInError(server, err);
      lastErrors.set(server, e.message);
      throw e;
    }
    const resource = resourceOf(serverUrl, discovery.resourceMetadata?.resource);
    let verifier: string | undefined;
    let authorizationUrl: URL | undefined;
    let savedDiscovery: OAuthDiscoveryState | undefined = discovery;

    let preRegistered: StoredOAuthClientInformation | undefined =
      settings.clientId !== undefined
        ? {
            client_id: settings.clientId,
            ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}),
          }
        : undefined;
    const clientMetadata: OAuthClientMetadata = {
      client_name: CLIENT_NAME,
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
    const persist = async (next: SignInRecord) => {
      working = next;
      await store.save(server, next);
    };
    // The code exchange signs with the server's key (a new one unless it had one), when DPoP applies.
    const holder: KeyHolder = base.dpop !== undefined ? { key: base.dpop } : {};
    const signInFetch = dpopSessions.tokenFetch(server, fetchFn, {
      setting: settings.dpop,
      metadata: () => (savedDiscovery ?? discovery).authorizationServerMetadata,
      holder,
    });

    const provider: OAuthClientProvider = {
      get redirectUrl() {
        return redirectUrl;
      },
      get clientMetadata() {
        return clientMetadata;
      },
      ...(settings.clientMetadataUrl !== undefined ? { clientMetadataUrl: settings.clientMetadataUrl } : {}),
      state: () => state,
      clientInformation: () => {
        if (preRegistered !== undefined) {
          return preRegistered;
        }
        const c = working.client;
        if (c === undefined) {
          return undefined;
        }
        // A registration made for another redirect URI (another port) would be refused.
        if (
          c.source !== 'metadata-document' &&
          c.redirectUri !== undefined &&
          c.redirectUri !== redirectUrl
        ) {
          return undefined;
        }
        if (c.source === 'metadata-document' && c.client_id !== settings.clientMetadataUrl) {
          return undefined;
        }
        return c;
      },
      saveClientInformation: async (info) => {
        if (preRegistered !== undefined) {
          // Only the issuer stamp changes; the credentials stay in the config and keychain.
          preRegistered = { ...preRegistered, ...(info.issuer ? { issuer: info.issuer } : {}) };
          return;
        }
        const source = info.client_id === settings.clientMetadataUrl ? 'metadata-document' : 'registered';
        await persist({ ...working, client: { ...info, redirectUri: redirectUrl, source } });
        log.info(
          source === 'registered' ? 'registered as an OAuth client' : 'using the client metadata document',
          {
            server,
          },
        );
      },
      tokens: () => working.tokens,
      saveTokens: async (tokens) => {
        await persist(
          withKey(
            {
              ...withTokens(working, tokens, clock.now()),
              resource,
              ...(tokens.issuer ? { issuer: tokens.issuer } : {}),
              ...(savedDiscovery ? { discovery: savedDiscovery } : {}),
            },
            holder.key,
          ),
        );
      },
      redirectToAuthorization: (url) => {
        // Only https (or loopback http) pages reach the browser: never javascript:, data:, file:.
        authorizationUrl = assertOAuthUrl(url, allowed);
      },
      saveCodeVerifier: (v) => {
        verifier = v;
      },
      codeVerifier: () => {
        if (verifier === undefined) {
          throw new GatewayError('SIGN_IN_FAILED', 'the sign-in lost its PKCE verifier; start it again');
        }
        return verifier;
      },
      // Always a resource indicator (RFC 8707), even when the server published no metadata.
      validateResourceURL: async () => resourceIndicator(resource),
      saveDiscoveryState: (s) => {
        savedDiscovery = s;
      },
      discoveryState: () => savedDiscovery,
      invalidateCredentials: async (scope) => {
        if (scope === 'client' || scope === 'all') {
          const { client: _c, ...rest } = working;
          working = rest;
        }
        if (scope === 'tokens' || scope === 'all') {
          const { tokens: _t, expiresAt: _e, ...rest } = working;
          working = rest;
        }
        if (scope === 'discovery' || scope === 'all') {
          savedDiscovery = undefined;
        }
      },
    };

    const challenge = challenges.get(server);
    const scope = settings.scopes?.join(' ') ?? challenge?.scope;
    try {
      const result = await auth(provider, {
        serverUrl,
        ...(scope ? { scope } : {}),
        ...(challenge?.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : {}),
        fetchFn: signInFetch,
        forceReauthorization: true,
      });
      if (result !== 'REDIRECT' || authorizationUrl === undefined) {
        throw new GatewayError('SIGN_IN_FAILED', `the sign-in to '${server}' did not produce a sign-in page`);
      }
    } catch (err) {
      const e = explainSignInError(server, err);
      lastErrors.set(server, e.message);
      log.warn('sign-in could not start', { server, err: e.message });
      throw e;
    }
    const flow: PendingFlow = {
      server,
      serverUrl: config.url,
      state,
      authorizationUrl: authorizationUrl.href,
      expiresAt: clock.now() + ttl,
      provider,
      fetchFn: signInFetch,
    };
    pending.add(flow);
    lastErrors.delete(server);
    let opened = false;
    if (startOptions.open !== false && options.openUrl !== undefined) {
      try {
        await options.openUrl(flow.authorizationUrl);
        opened = true;
      } catch (err) {
        log.warn('could not open the browser', { server, err: text(err) });
      }
    }
    log.info('sign-in started', { server, opened });
    return { authorizationUrl: flow.authorizationUrl, opened, pendingUntil: flow.expiresAt };
  };

  const handleCallback = async (query: Record<string, string | undefined>): Promise<{ server: string }> => {
    pending.sweep();
    // Single use, whatever happens next.
    const flow = pending.take(query.state);
    if (flow === undefined) {
      throw new GatewayError(
        'SIGN_IN_FAILED',
        'state mismatch: this sign-in answer does not belong to a sign-in the gateway started (it is unknown, expired or was already used); start the sign-in again',
      );
    }
    if (query.error !== undefined) {
      const why = `the authorization server answered ${query.error}${query.error_description ? `: ${query.error_description}` : ''}`;
      lastErrors.set(flow.server, why);
      throw new GatewayError('SIGN_IN_FAILED', `${why}. Sign in again when ready`);
    }
    if (query.code === undefined || query.code === '') {
      throw new GatewayError(
        'SIGN_IN_FAILED',
        'the sign-in answer has no authorization code; start the sign-in again',
      );
    }
    try {
      const result = await auth(flow.provider, {
        serverUrl: new URL(flow.serverUrl),
        authorizationCode: query.code,
        ...(query.iss !== undefined ? { iss: query.iss } : {}),
        fetchFn: flow.fetchFn,
      });
      if (result !== 'AUTHORIZED') {
        throw new GatewayError('SIGN_IN_FAILED', 'the authorization server did not issue tokens');
      }
    } catch (err) {
      const e = explainSignInError(flow.server, err);
      lastErrors.set(flow.server, e.message);
      log.warn('sign-in failed', { server: flow.server, err: e.message });
      throw e;
    }
    lastErrors.delete(flow.server);
    challenges.answered(flow.server);
    log.info('signed in', { server: flow.server });
    events.signedIn(flow.server);
    return { server: flow.server };
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
    handleCallback,

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
