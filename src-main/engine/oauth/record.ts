import type {
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';

import type { SecretStore } from '../security/index.js';
import type { StoredDpopKey } from './dpop.js';

/**
 * What the gateway keeps about one server's sign-in, as ONE keychain entry (`oauth.<server>`):
 * tokens, the client registration and the discovery results needed to refresh without a
 * browser. Never written to the config, logs, events or API answers.
 */
export interface SignInRecord {
  v: 1;
  /** The server URL the tokens were issued for: tokens are never sent to any other URL. */
  serverUrl: string;
  /** The RFC 8707 resource the tokens are bound to. */
  resource?: string;
  issuer?: string;
  discovery?: OAuthDiscoveryState;
  client?: StoredOAuthClientInformation & {
    /** The redirect URI the client was registered with; a new port means a new registration. */
    redirectUri?: string;
    source?: 'registered' | 'metadata-document';
  };
  tokens?: StoredOAuthTokens;
  /** The DPoP key the tokens are bound to (RFC 9449), when the authorization server binds them. */
  dpop?: StoredDpopKey;
  /** How the tokens were obtained: absent for the browser sign-in. */
  grant?: 'client_credentials' | 'jwt_bearer' | 'enterprise';
  /** A machine account the user signed out of: no new token until `servers login`. */
  signedOut?: boolean;
  /** Epoch ms when the access token expires (from `expires_in`), if the server said. */
  expiresAt?: number;
  obtainedAt?: number;
}

function secretNameFor(server: string): string {
  return `oauth.${server}`;
}

export async function readRecord(store: SecretStore, server: string): Promise<SignInRecord | undefined> {
  const raw = await store.get(secretNameFor(server));
  if (raw === undefined) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(raw) as SignInRecord;
    return parsed.v === 1 && typeof parsed.serverUrl === 'string' ? parsed : undefined;
  } catch {
    // A damaged entry is as good as none: the user signs in again.
    return undefined;
  }
}

export async function writeRecord(store: SecretStore, server: string, record: SignInRecord): Promise<void> {
  await store.set(secretNameFor(server), JSON.stringify(record));
}

/** Same server for token purposes: scheme, host, port and path, ignoring a trailing slash and the fragment. */
export function sameServer(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const path = (u: URL) => u.pathname.replace(/\/+$/, '');
    return x.origin === y.origin && path(x) === path(y) && x.search === y.search;
  } catch {
    return false;
  }
}

/** The record with new tokens, obtained `now`, and their expiry when the server gave one. */
export function withTokens(record: SignInRecord, tokens: StoredOAuthTokens, now: number): SignInRecord {
  const { expiresAt: _drop, ...rest } = record;
  return {
    ...rest,
    tokens,
    obtainedAt: now,
    ...(typeof tokens.expires_in === 'number' ? { expiresAt: now + tokens.expires_in * 1_000 } : {}),
  };
}

/** The record with this DPoP key, or without any when the tokens are not bound to one. */
export function withKey(record: SignInRecord, key: StoredDpopKey | undefined): SignInRecord {
  const { dpop: _d, ...rest } = record;
  return key === undefined ? rest : { ...rest, dpop: key };
}

/** The record without its tokens; the DPoP key goes with the tokens bound to it. */
export function withoutTokens(record: SignInRecord): SignInRecord {
  const { tokens: _t, expiresAt: _e, obtainedAt: _o, dpop: _k, ...rest } = record;
  return rest;
}
