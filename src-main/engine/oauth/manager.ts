import type { ServerConfig } from '../../../src-shared/config.js';
import type { SecretStore } from '../security/index.js';
import type { Clock, Disposable, Logger } from '../types.js';
import { type BackendAuth, browserAuthFor } from './backend-auth.js';
import { finishBrowserSignIn, startBrowserSignIn, type StartSignInResult } from './browser-sign-in.js';
import { createChallenges } from './challenges.js';
import { createDpopSessions } from './dpop-session.js';
import { isMachineAccount, machineGrantOf } from './machine.js';
import { createMachineSignIn } from './machine-sign-in.js';
import type { SignInParts } from './parts.js';
import { createPendingFlows } from './pending-flows.js';
import type { SignInRecord } from './record.js';
import { createRecordStore } from './record-store.js';
import { oauthSettings, signInUrlOf, usesOAuth } from './settings.js';
import { createSignInEvents } from './sign-in-events.js';
import { signOut } from './sign-out.js';
import { createFlights } from './single-flight.js';
import { type SignInStatus, signInStatus } from './status.js';
import { allowedScopeFor, createGuardedFetch, type Resolver } from './url-safety.js';

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

/**
 * The gateway as the OAuth 2.1 client of its remote servers. The SDK's `auth()` runs the flow
 * (PKCE S256, RFC 8707 `resource`, RFC 9207 `iss`, DCR/CIMD, token exchange); this module
 * fills the gaps the MCP spec asks clients to close: it refuses authorization servers that do
 * not advertise PKCE, always sends a `resource`, checks every URL's scheme and network
 * (SSRF), keeps tokens only in the keychain, refreshes before expiry and on 401, and turns a
 * failed refresh into "needs sign-in" rather than a browser popping up from the background.
 *
 * It composes the parts (`createParts`) and the flows that use them: the transport hooks
 * (`backend-auth.ts`, `machine-sign-in.ts`), the browser sign-in (`browser-sign-in.ts`),
 * sign-out (`sign-out.ts`) and the status (`status.ts`).
 */
export function createOAuthManager(options: OAuthManagerOptions): OAuthManager {
  const parts = createParts(options);
  const { store, pending, events } = parts;
  const machine = createMachineSignIn(parts);
  const browserOptions = {
    redirectUrl: options.redirectUrl,
    ...(options.openUrl ? { openUrl: options.openUrl } : {}),
    pendingTtlMs: options.pendingTtlMs ?? 10 * 60_000,
  };
  return {
    authFor(server, config) {
      if (!usesOAuth(config) || config.url === undefined) {
        return undefined;
      }
      const settings = oauthSettings(config);
      return isMachineAccount(settings)
        ? machine.authFor(server, config, config.url)
        : browserAuthFor(parts, server, config.url, settings.dpop);
    },
    async startSignIn(server, config, startOptions = {}) {
      const url = signInUrlOf(server, config);
      pending.sweep();
      const settings = oauthSettings(config);
      if (!isMachineAccount(settings)) {
        const target = { server, url, settings, open: startOptions.open !== false };
        return startBrowserSignIn(parts, browserOptions, target);
      }
      // No browser: ask the token endpoint now; the server then starts with the token.
      await machine.obtain(server, config, { force: true });
      events.signedIn(server);
      return { opened: false, pendingUntil: parts.clock.now() };
    },
    handleCallback: (query) => finishBrowserSignIn(parts, query),
    signOut: (server, config) => signOut(parts, server, config),
    status(server, config) {
      if (!usesOAuth(config) || config.url === undefined) {
        return undefined;
      }
      pending.sweep();
      return signInStatus(config.url, {
        record: store.cached(server),
        flow: pending.forServer(server),
        lastError: parts.lastErrors.get(server),
        grant: machineGrantOf(oauthSettings(config)),
      });
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

/** The parts, each with its own state, that the flows share. */
function createParts(options: OAuthManagerOptions): SignInParts {
  const log = options.logger.child({ component: 'oauth' });
  const { clock, resolve } = options;
  const lastErrors = new Map<string, string>();
  const store = createRecordStore({ secrets: options.secrets, log });
  return {
    log,
    clock,
    store,
    challenges: createChallenges({ clock, maxStepUps: options.maxStepUps ?? 2 }),
    dpop: createDpopSessions({ log, recordFor: store.recordFor }),
    events: createSignInEvents(log),
    pending: createPendingFlows({
      clock,
      onExpired: (flow) =>
        lastErrors.set(flow.server, 'the sign-in page was not completed in time; sign in again'),
    }),
    lastErrors,
    renewals: createFlights<SignInRecord | undefined>(),
    fetchFor: (serverUrl) =>
      createGuardedFetch({ allowed: allowedScopeFor(serverUrl), ...(resolve ? { resolve } : {}) }),
    refreshMarginMs: options.refreshMarginMs ?? 60_000,
    ...(resolve ? { resolve } : {}),
  };
}
