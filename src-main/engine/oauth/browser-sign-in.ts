import { randomBytes } from 'node:crypto';

import { auth, type OAuthDiscoveryState } from '@modelcontextprotocol/client';

import type { OAuthSettings } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';
import { type BrowserProvider, createBrowserProvider } from './browser-provider.js';
import { discover, resourceOf } from './discovery.js';
import type { KeyHolder } from './dpop-session.js';
import { explainSignInError } from './errors.js';
import type { SignInParts } from './parts.js';
import type { PendingFlow } from './pending-flows.js';
import { sameServer, type SignInRecord } from './record.js';
import { type AddressScope, allowedScopeFor } from './url-safety.js';

export interface StartSignInResult {
  /** The page to open; absent for a machine account, which signs in without a browser. */
  authorizationUrl?: string;
  /** Whether the gateway opened it in a browser itself. */
  opened: boolean;
  pendingUntil: number;
}

export interface BrowserSignInOptions {
  /** The loopback redirect URI on the gateway's own port. */
  redirectUrl: () => string;
  /** Opens a URL in the user's browser (desktop: shell.openExternal; headless: $BROWSER). */
  openUrl?: (url: string) => Promise<void>;
  /** How long a started sign-in waits for the browser. */
  pendingTtlMs: number;
}

type BrowserParts = Pick<
  SignInParts,
  'log' | 'clock' | 'store' | 'challenges' | 'dpop' | 'events' | 'pending' | 'lastErrors' | 'fetchFor'
>;

/**
 * The browser sign-in, started by the user (`servers.login`): discovery, registration, PKCE and
 * the sign-in page; it waits as a pending flow until the browser comes back to the callback.
 */
export async function startBrowserSignIn(
  parts: BrowserParts,
  options: BrowserSignInOptions,
  target: { server: string; url: string; settings: OAuthSettings; open: boolean },
): Promise<StartSignInResult> {
  const { server, url, settings } = target;
  const serverUrl = new URL(url);
  const allowed = allowedScopeFor(serverUrl);
  const fetchFn = parts.fetchFor(serverUrl);
  const redirectUrl = options.redirectUrl();
  const state = randomBytes(32).toString('base64url');
  const previous = await parts.store.load(server);
  const record: SignInRecord =
    previous !== undefined && sameServer(previous.serverUrl, url)
      ? { ...previous, serverUrl: url }
      : { v: 1, serverUrl: url };
  const discovery = await discoverForSignIn(parts, server, serverUrl, fetchFn, allowed);
  // The code exchange signs with the server's key (a new one unless it had one), when DPoP applies.
  const holder: KeyHolder = record.dpop !== undefined ? { key: record.dpop } : {};
  const flowProvider = createBrowserProvider({
    server,
    settings,
    redirectUrl,
    state,
    record,
    discovery,
    resource: resourceOf(serverUrl, discovery.resourceMetadata?.resource),
    allowed,
    holder,
    persist: (next) => parts.store.save(server, next),
    now: () => parts.clock.now(),
    log: parts.log,
  });
  const signInFetch = parts.dpop.tokenFetch(server, fetchFn, {
    setting: settings.dpop,
    metadata: flowProvider.metadata,
    holder,
  });
  const authorizationUrl = await redirectTarget(
    parts,
    server,
    serverUrl,
    settings,
    flowProvider,
    signInFetch,
  );
  const flow: PendingFlow = {
    server,
    serverUrl: url,
    state,
    authorizationUrl: authorizationUrl.href,
    expiresAt: parts.clock.now() + options.pendingTtlMs,
    provider: flowProvider.provider,
    fetchFn: signInFetch,
  };
  parts.pending.add(flow);
  parts.lastErrors.delete(server);
  const opened = target.open && (await openPage(parts, options, flow));
  parts.log.info('sign-in started', { server, opened });
  return { authorizationUrl: flow.authorizationUrl, opened, pendingUntil: flow.expiresAt };
}

async function discoverForSignIn(
  parts: BrowserParts,
  server: string,
  serverUrl: URL,
  fetchFn: typeof fetch,
  allowed: AddressScope,
): Promise<OAuthDiscoveryState> {
  try {
    return await discover(server, serverUrl, { fetchFn, allowed, challenge: parts.challenges.get(server) });
  } catch (err) {
    const e = explainSignInError(server, err);
    parts.lastErrors.set(server, e.message);
    throw e;
  }
}

/** Runs `auth()` up to the redirect: the sign-in page to open. */
async function redirectTarget(
  parts: BrowserParts,
  server: string,
  serverUrl: URL,
  settings: OAuthSettings,
  flowProvider: BrowserProvider,
  fetchFn: typeof fetch,
): Promise<URL> {
  const challenge = parts.challenges.get(server);
  const scope = settings.scopes?.join(' ') ?? challenge?.scope;
  try {
    const result = await auth(flowProvider.provider, {
      serverUrl,
      ...(scope ? { scope } : {}),
      ...(challenge?.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : {}),
      fetchFn,
      forceReauthorization: true,
    });
    const page = flowProvider.authorizationUrl();
    if (result !== 'REDIRECT' || page === undefined) {
      throw new GatewayError('SIGN_IN_FAILED', `the sign-in to '${server}' did not produce a sign-in page`);
    }
    return page;
  } catch (err) {
    const e = explainSignInError(server, err);
    parts.lastErrors.set(server, e.message);
    parts.log.warn('sign-in could not start', { server, err: e.message });
    throw e;
  }
}

/** Opens the sign-in page in the user's browser, if the gateway can; whether it did. */
async function openPage(
  parts: BrowserParts,
  options: BrowserSignInOptions,
  flow: PendingFlow,
): Promise<boolean> {
  if (options.openUrl === undefined) {
    return false;
  }
  try {
    await options.openUrl(flow.authorizationUrl);
    return true;
  } catch (err) {
    parts.log.warn('could not open the browser', { server: flow.server, err: errorText(err) });
    return false;
  }
}

/**
 * The browser came back to the redirect URI: the answer must carry the `state` of a sign-in
 * the gateway started (used once), and its code is exchanged for tokens.
 */
export async function finishBrowserSignIn(
  parts: BrowserParts,
  query: Record<string, string | undefined>,
): Promise<{ server: string }> {
  parts.pending.sweep();
  // Single use, whatever happens next.
  const flow = parts.pending.take(query.state);
  if (flow === undefined) {
    throw new GatewayError(
      'SIGN_IN_FAILED',
      'state mismatch: this sign-in answer does not belong to a sign-in the gateway started (it is unknown, expired or was already used); start the sign-in again',
    );
  }
  const { server } = flow;
  if (query.error !== undefined) {
    const why = `the authorization server answered ${query.error}${query.error_description ? `: ${query.error_description}` : ''}`;
    parts.lastErrors.set(server, why);
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
    const e = explainSignInError(server, err);
    parts.lastErrors.set(server, e.message);
    parts.log.warn('sign-in failed', { server, err: e.message });
    throw e;
  }
  parts.lastErrors.delete(server);
  parts.challenges.answered(server);
  parts.log.info('signed in', { server });
  parts.events.signedIn(server);
  return { server };
}
