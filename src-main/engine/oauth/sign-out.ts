import type { ServerConfig } from '../../../src-shared/config.js';
import { errorText } from '../../../src-shared/values.js';
import { basicCredentials } from './client-auth.js';
import { revocationEndpointOf } from './discovery.js';
import { isMachineAccount, machineGrantOf } from './machine.js';
import type { SignInParts } from './parts.js';
import type { SignInRecord } from './record.js';
import { oauthSettings, usesOAuth } from './settings.js';

type SignOutParts = Pick<
  SignInParts,
  'log' | 'store' | 'pending' | 'challenges' | 'dpop' | 'events' | 'lastErrors' | 'fetchFor'
>;

/**
 * Signs a server out: token fetches in flight end without saving, the pending sign-in, the
 * challenges and the DPoP nonces go; tokens are revoked where the authorization server allows
 * (RFC 7009) and forgotten regardless. A machine account is only marked signed out.
 */
export async function signOut(
  parts: SignOutParts,
  server: string,
  config: ServerConfig | undefined,
): Promise<{ revoked: boolean }> {
  const { store, log } = parts;
  store.nextGeneration(server);
  parts.pending.drop(server);
  parts.challenges.forget(server);
  parts.dpop.forget(server);
  // A token being written now is written first, so it is the one revoked and forgotten.
  await store.settled(server);
  const record = await store.load(server);
  if (config !== undefined && usesOAuth(config) && isMachineAccount(oauthSettings(config))) {
    await signOutMachine(parts, server, config);
    return { revoked: false };
  }
  if (record === undefined || record.tokens === undefined) {
    return { revoked: false };
  }
  let revoked = false;
  try {
    revoked = await revoke(record, parts.fetchFor(new URL(record.serverUrl)));
  } catch (err) {
    // The tokens are forgotten regardless; the server lets them expire.
    log.warn('token revocation failed', { server, err: errorText(err) });
  }
  await store.forgetTokens(server, record);
  parts.lastErrors.delete(server);
  log.info('signed out', { server, revoked });
  if (config !== undefined && usesOAuth(config)) {
    parts.events.needed(server, 'signed out');
  }
  return { revoked };
}

/**
 * A machine account's token is not revoked (it is short-lived and the grant needs the account's
 * own authentication); it is forgotten and no new one is asked for until the user signs in again.
 */
async function signOutMachine(parts: SignOutParts, server: string, config: ServerConfig): Promise<void> {
  await parts.store.save(server, {
    v: 1,
    serverUrl: config.url ?? '',
    grant: machineGrantOf(oauthSettings(config)) ?? 'client_credentials',
    signedOut: true,
  });
  parts.lastErrors.delete(server);
  parts.log.info('signed out', { server, revoked: false });
  parts.events.needed(server, 'signed out');
}

/** Revokes the refresh token, then the access token (RFC 7009); whether any was accepted. */
export async function revoke(record: SignInRecord, fetchFn: typeof fetch): Promise<boolean> {
  const endpoint = revocationEndpointOf(record.discovery?.authorizationServerMetadata);
  const client = record.client;
  if (endpoint === undefined || client === undefined || record.tokens === undefined) {
    return false;
  }
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
}
