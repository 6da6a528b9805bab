import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
} from '@modelcontextprotocol/client';

import type { OAuthSettings } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { Logger } from '../types.js';
import { resourceIndicator } from './discovery.js';
import type { KeyHolder } from './dpop-session.js';
import { type SignInRecord, withKey, withTokens } from './record.js';
import { type AddressScope, assertOAuthUrl } from './url-safety.js';

const CLIENT_NAME = 'MCP Gateway';

export interface BrowserProviderOptions {
  server: string;
  settings: OAuthSettings;
  /** The loopback redirect URI on the gateway's own port. */
  redirectUrl: string;
  state: string;
  /** The server's record as the sign-in starts (its client registration, its DPoP key). */
  record: SignInRecord;
  discovery: OAuthDiscoveryState;
  /** The RFC 8707 resource the tokens are asked for. */
  resource: string;
  /** Where the sign-in page may be. */
  allowed: AddressScope;
  holder: KeyHolder;
  /** Saves the record as it grows: the client registration, then the tokens. */
  persist: (record: SignInRecord) => Promise<void>;
  now: () => number;
  log: Logger;
}

/** One browser sign-in's OAuthClientProvider for the SDK's `auth()`, and what it learnt. */
export interface BrowserProvider {
  provider: OAuthClientProvider;
  /** The sign-in page, once `auth()` asked to redirect there. */
  authorizationUrl(): URL | undefined;
  /** The authorization server's metadata as the flow knows it now (for DPoP proofs). */
  metadata(): object | undefined;
}

/**
 * The provider of one browser sign-in: a pre-registered client (`oauth.clientId`), else the
 * registration kept from an earlier sign-in when it fits this redirect URI, else a new one (DCR
 * or the client metadata document); PKCE, and always a `resource`. It saves the registration and
 * the tokens through `persist`; the PKCE verifier and the sign-in page stay in memory.
 */
export function createBrowserProvider(o: BrowserProviderOptions): BrowserProvider {
  const { settings, redirectUrl } = o;
  let working: SignInRecord = o.record;
  let savedDiscovery: OAuthDiscoveryState | undefined = o.discovery;
  let preRegistered = preRegisteredClient(settings);
  let verifier: string | undefined;
  let authorizationUrl: URL | undefined;
  const clientMetadata = clientMetadataFor(redirectUrl);
  const persist = async (next: SignInRecord) => {
    working = next;
    await o.persist(next);
  };
  const provider: OAuthClientProvider = {
    get redirectUrl() {
      return redirectUrl;
    },
    get clientMetadata() {
      return clientMetadata;
    },
    ...(settings.clientMetadataUrl !== undefined ? { clientMetadataUrl: settings.clientMetadataUrl } : {}),
    state: () => o.state,
    clientInformation: () =>
      preRegistered ?? reusableClient(working.client, redirectUrl, settings.clientMetadataUrl),
    saveClientInformation: async (info) => {
      if (preRegistered !== undefined) {
        // Only the issuer stamp changes; the credentials stay in the config and keychain.
        preRegistered = { ...preRegistered, ...(info.issuer ? { issuer: info.issuer } : {}) };
        return;
      }
      const source = info.client_id === settings.clientMetadataUrl ? 'metadata-document' : 'registered';
      await persist({ ...working, client: { ...info, redirectUri: redirectUrl, source } });
      const what =
        source === 'registered' ? 'registered as an OAuth client' : 'using the client metadata document';
      o.log.info(what, { server: o.server });
    },
    tokens: () => working.tokens,
    saveTokens: async (tokens) => {
      const signedIn = {
        ...withTokens(working, tokens, o.now()),
        resource: o.resource,
        ...(tokens.issuer ? { issuer: tokens.issuer } : {}),
        ...(savedDiscovery ? { discovery: savedDiscovery } : {}),
      };
      await persist(withKey(signedIn, o.holder.key));
    },
    redirectToAuthorization: (url) => {
      // Only https (or loopback http) pages reach the browser: never javascript:, data:, file:.
      authorizationUrl = assertOAuthUrl(url, o.allowed);
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
    validateResourceURL: async () => resourceIndicator(o.resource),
    saveDiscoveryState: (s) => {
      savedDiscovery = s;
    },
    discoveryState: () => savedDiscovery,
    invalidateCredentials: async (scope) => {
      working = withoutCredentials(working, scope);
      if (scope === 'discovery' || scope === 'all') {
        savedDiscovery = undefined;
      }
    },
  };
  return {
    provider,
    authorizationUrl: () => authorizationUrl,
    metadata: () => (savedDiscovery ?? o.discovery).authorizationServerMetadata,
  };
}

/** The client registered by hand (`oauth.clientId`, with its secret if any), if there is one. */
function preRegisteredClient(settings: OAuthSettings): StoredOAuthClientInformation | undefined {
  return settings.clientId !== undefined
    ? {
        client_id: settings.clientId,
        ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}),
      }
    : undefined;
}

/** What the gateway registers as: a public client with this loopback redirect URI. */
function clientMetadataFor(redirectUrl: string): OAuthClientMetadata {
  return {
    client_name: CLIENT_NAME,
    redirect_uris: [redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
}

/**
 * The stored client registration, if it can be used again: one made for another redirect URI
 * (another port) would be refused, and a metadata document must be the one configured now.
 */
export function reusableClient(
  client: SignInRecord['client'],
  redirectUrl: string,
  clientMetadataUrl: string | undefined,
): SignInRecord['client'] {
  if (client === undefined) {
    return undefined;
  }
  if (client.source === 'metadata-document') {
    return client.client_id === clientMetadataUrl ? client : undefined;
  }
  return client.redirectUri !== undefined && client.redirectUri !== redirectUrl ? undefined : client;
}

/** The record without what the authorization server said is no longer valid. */
export function withoutCredentials(
  record: SignInRecord,
  scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery',
): SignInRecord {
  let rest = record;
  if (scope === 'client' || scope === 'all') {
    const { client: _c, ...others } = rest;
    rest = others;
  }
  if (scope === 'tokens' || scope === 'all') {
    const { tokens: _t, expiresAt: _e, ...others } = rest;
    rest = others;
  }
  return rest;
}
