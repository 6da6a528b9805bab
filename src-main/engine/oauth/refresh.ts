import { refreshAuthorization } from '@modelcontextprotocol/client';

import { resourceIndicator } from './discovery.js';
import type { DpopSetting } from './dpop.js';
import type { KeyHolder } from './dpop-session.js';
import { signInRequired } from './errors.js';
import type { SignInParts } from './parts.js';
import { type SignInRecord, withKey, withTokens } from './record.js';

type RefreshParts = Pick<
  SignInParts,
  'log' | 'clock' | 'store' | 'dpop' | 'lastErrors' | 'renewals' | 'fetchFor'
>;

/**
 * Exchanges a browser sign-in's refresh token for new tokens; `undefined` when there is none.
 * Single flight per server; a sign-out meanwhile ends it without saving ("signed out").
 */
export function refreshTokens(
  parts: RefreshParts,
  server: string,
  url: string,
  dpop: DpopSetting | undefined,
): Promise<SignInRecord | undefined> {
  return parts.renewals.run(server, () => exchange(parts, server, url, dpop));
}

async function exchange(
  parts: RefreshParts,
  server: string,
  url: string,
  dpop: DpopSetting | undefined,
): Promise<SignInRecord | undefined> {
  const { store, log } = parts;
  const generation = store.generation(server);
  const record = await store.recordFor(server, url);
  const refreshToken = record?.tokens?.refresh_token;
  if (
    record === undefined ||
    refreshToken === undefined ||
    record.discovery === undefined ||
    record.client === undefined
  ) {
    return undefined;
  }
  const metadata = record.discovery.authorizationServerMetadata;
  // A DPoP-bound refresh token is refreshed with the key it is bound to.
  const holder: KeyHolder = record.dpop !== undefined ? { key: record.dpop } : {};
  const tokens = await refreshAuthorization(record.discovery.authorizationServerUrl, {
    metadata,
    clientInformation: record.client,
    refreshToken,
    ...(record.resource !== undefined ? { resource: resourceIndicator(record.resource) } : {}),
    fetchFn: parts.dpop.tokenFetch(server, parts.fetchFor(new URL(url)), {
      setting: dpop,
      metadata: () => metadata,
      holder,
    }),
  });
  const issued = { ...tokens, ...(record.issuer ? { issuer: record.issuer } : {}) };
  const next = withKey(withTokens(record, issued, parts.clock.now()), holder.key);
  if (store.generation(server) !== generation) {
    throw signInRequired(server, 'signed out');
  }
  await store.save(server, next, generation);
  parts.lastErrors.delete(server);
  log.info('access token refreshed', { server });
  return next;
}
