import {
  auth,
  AuthorizationServerMismatchError,
  type AuthProvider,
  type OAuthDiscoveryState,
  OAuthError,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';

import type { OAuthSettings, ServerConfig } from '../../../src-shared/config.js';
import { GatewayError, isGatewayError } from '../../../src-shared/errors.js';
import type { Logger } from '../types.js';
import type { BackendAuth } from './backend-auth.js';
import { resourceIndicator, resourceOf } from './discovery.js';
import type { KeyHolder } from './dpop-session.js';
import { createIdJagSource } from './enterprise.js';
import { explainSignInError, signInRequired } from './errors.js';
import { createMachineProvider, machineGrantOf } from './machine.js';
import type { SignInParts } from './parts.js';
import { type SignInRecord, withKey, withTokens } from './record.js';
import { oauthSettings } from './settings.js';
import { createFlights } from './single-flight.js';

type MachineParts = Pick<
  SignInParts,
  | 'log'
  | 'clock'
  | 'store'
  | 'challenges'
  | 'dpop'
  | 'lastErrors'
  | 'renewals'
  | 'fetchFor'
  | 'refreshMarginMs'
  | 'resolve'
>;

interface ObtainOptions {
  /** `servers login`: also after a sign-out, and never joining a renewal that began before it. */
  force?: boolean;
  /** After a refused token: discover again (the server may have moved). */
  rediscover?: boolean;
}

/**
 * Sign-in without a browser (machine account, workload identity, enterprise-managed): the
 * token is asked for whenever it is missing, about to expire or refused, one request per server
 * at a time, and saved like any other; there is no refresh token.
 */
export interface MachineSignIn {
  obtain(server: string, config: ServerConfig, options?: ObtainOptions): Promise<SignInRecord | undefined>;
  /** The transport hook: its own token, obtained again on expiry or a 401. */
  authFor(server: string, config: ServerConfig, url: string): BackendAuth;
}

export function createMachineSignIn(parts: MachineParts): MachineSignIn {
  /** A machine account's sign-in (`servers login`) in flight: it never joins a renewal. */
  const forcedRuns = createFlights<SignInRecord | undefined>();
  const obtain: MachineSignIn['obtain'] = (server, config, options = {}) => {
    // A renewal joins whatever is running; a sign-in joins only another sign-in (a renewal
    // that started before a sign-out ends in "signed out").
    const force = options.force === true;
    const running = force
      ? forcedRuns.running(server)
      : (forcedRuns.running(server) ?? parts.renewals.running(server));
    if (running !== undefined) {
      return running;
    }
    return (force ? forcedRuns : parts.renewals).run(server, () =>
      obtainToken(parts, server, config, options),
    );
  };
  const authFor = (server: string, config: ServerConfig, url: string): BackendAuth => {
    const authProvider: AuthProvider = {
      async token() {
        const record = await parts.store.recordFor(server, url);
        const tokens = record?.signedOut === true ? undefined : record?.tokens;
        if (
          tokens !== undefined &&
          (record?.expiresAt === undefined || parts.clock.now() < record.expiresAt - parts.refreshMarginMs)
        ) {
          return tokens.access_token;
        }
        return (await obtain(server, config))?.tokens?.access_token;
      },
      async onUnauthorized({ response }) {
        parts.challenges.unauthorized(server, response);
        // The token was refused: ask for a new one; the transport retries the request once.
        await obtain(server, config, { rediscover: true });
      },
    };
    return { authProvider, fetch: parts.dpop.resourceFetch(server, url, fetch) };
  };
  return { obtain, authFor };
}

async function obtainToken(
  parts: MachineParts,
  server: string,
  config: ServerConfig,
  options: ObtainOptions,
): Promise<SignInRecord | undefined> {
  const { store, log } = parts;
  const url = config.url ?? '';
  const generation = store.generation(server);
  const previous = await store.recordFor(server, url);
  if (previous?.signedOut === true && options.force !== true) {
    throw signInRequired(server, 'signed out');
  }
  const settings = oauthSettings(config);
  const request = tokenRequest(parts, server, settings, url, {
    kept: previous?.signedOut === true ? undefined : previous,
    rediscover: options.rediscover === true,
  });
  try {
    // A token request with a client assertion is not resent as it is (the assertion is
    // single-use): on use_dpop_nonce it is made once more, with a new assertion and the nonce.
    const result = await request.attempt().catch((err: unknown) => {
      if (isNonceRefusal(err)) {
        return request.attempt();
      }
      throw err;
    });
    const { tokens, discovery } = request.obtained();
    if (result !== 'AUTHORIZED' || tokens === undefined) {
      throw new GatewayError('SIGN_IN_FAILED', 'the authorization server did not issue a token');
    }
    const issued = { tokens, resource: request.resource(), discovery, key: request.holder.key };
    const next = machineRecord(url, settings, issued, parts.clock.now());
    if (store.generation(server) !== generation) {
      log.info('machine account token dropped: signed out meanwhile', { server });
      throw signInRequired(server, 'signed out');
    }
    await store.save(server, next, generation);
    parts.lastErrors.delete(server);
    log.info('machine account token obtained', { server });
    return next;
  } catch (err) {
    if (isGatewayError(err) && err.code === 'SIGN_IN_REQUIRED') {
      throw err;
    }
    const failure = explainMachineFailure(server, settings, err, log);
    parts.lastErrors.set(server, failure.message);
    throw failure;
  }
}

/** One token request of a server's machine account, through the SDK's `auth()`. */
function tokenRequest(
  parts: MachineParts,
  server: string,
  settings: OAuthSettings,
  url: string,
  previous: { kept: SignInRecord | undefined; rediscover: boolean },
) {
  const { kept } = previous;
  const serverUrl = new URL(url);
  const challenge = parts.challenges.get(server);
  const scope = settings.scopes?.join(' ') ?? challenge?.scope;
  let resource: string | undefined;
  // The authorization server is pinned: the configured issuer, else the first one a token
  // came from (kept until sign-out), so a server cannot send the credentials elsewhere.
  const pinned = settings.issuer ?? kept?.issuer;
  // A refused token discovers again (the server may have moved); a due renewal does not.
  const discovery = previous.rediscover ? undefined : kept?.discovery;
  const provider = createMachineProvider({
    server,
    settings,
    ...(scope ? { scope } : {}),
    ...(pinned !== undefined ? { issuer: pinned } : {}),
    ...(discovery !== undefined ? { discovery } : {}),
    ...(settings.enterprise !== undefined
      ? {
          idJag: createIdJagSource({
            server,
            settings: settings.enterprise,
            now: () => parts.clock.now(),
            ...(parts.resolve ? { resolve: parts.resolve } : {}),
          }),
        }
      : {}),
    resource: (_u, prmResource) => {
      resource = resourceOf(serverUrl, prmResource);
      return resourceIndicator(resource);
    },
  });
  const holder: KeyHolder = kept?.dpop !== undefined ? { key: kept.dpop } : {};
  const fetchFn = parts.dpop.tokenFetch(server, parts.fetchFor(serverUrl), {
    setting: settings.dpop,
    metadata: () => provider.obtained().discovery?.authorizationServerMetadata,
    holder,
  });
  const resourceMetadataUrl = challenge?.resourceMetadataUrl;
  return {
    holder,
    attempt: () =>
      auth(provider, {
        serverUrl,
        ...(scope ? { scope } : {}),
        ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
        fetchFn,
      }),
    obtained: () => provider.obtained(),
    resource: () => resource,
  };
}

/** The record of a machine account's new token. */
function machineRecord(
  url: string,
  settings: OAuthSettings,
  issued: {
    tokens: StoredOAuthTokens;
    resource: string | undefined;
    discovery: OAuthDiscoveryState | undefined;
    key: KeyHolder['key'];
  },
  now: number,
): SignInRecord {
  const { tokens, resource, discovery } = issued;
  const record: SignInRecord = {
    v: 1,
    serverUrl: url,
    grant: machineGrantOf(settings) ?? 'client_credentials',
    ...(resource !== undefined ? { resource } : {}),
    ...(tokens.issuer ? { issuer: tokens.issuer } : {}),
    ...(discovery ? { discovery } : {}),
  };
  return withKey(withTokens(record, tokens, now), issued.key);
}

/** The authorization server refused a token request for want of a DPoP nonce (RFC 9449 §8). */
function isNonceRefusal(err: unknown): boolean {
  return err instanceof OAuthError && err.code === 'use_dpop_nonce';
}

/**
 * Why a machine account got no token, and what to check: the pinned authorization server, the
 * identity provider or the account's own settings.
 */
export function explainMachineFailure(
  server: string,
  settings: OAuthSettings,
  err: unknown,
  log: Logger,
): GatewayError {
  if (err instanceof AuthorizationServerMismatchError) {
    log.warn('authorization server refused: not the pinned one', {
      server,
      pinned: err.recordedIssuer,
      offered: err.currentIssuer,
    });
    return new GatewayError(
      'SIGN_IN_FAILED',
      otherIssuerMessage(server, settings.issuer !== undefined, err),
      {
        cause: err,
      },
    );
  }
  const e = explainSignInError(server, err);
  if (settings.enterprise !== undefined) {
    // The identity provider's refusals say what to do already; the authorization server's
    // are about the gateway's own client there.
    const message = e.message.startsWith('the identity provider')
      ? `enterprise sign-in to '${server}' failed: ${e.message}`
      : `enterprise sign-in to '${server}' failed at its authorization server: ${e.message}. Check mcpServers.${server}.oauth (clientId, and the keychain secret behind clientSecret or privateKey)`;
    log.warn('enterprise sign-in failed', { server, err: message });
    return new GatewayError('SIGN_IN_FAILED', message, { cause: err });
  }
  const what =
    settings.grant === 'jwt_bearer'
      ? 'assertion or assertionFile (the workload JWT)'
      : 'the keychain secret behind clientSecret or privateKey';
  const message = `the machine account '${settings.clientId ?? '?'}' could not get a token: ${e.message}. Check mcpServers.${server}.oauth (clientId, and ${what})`;
  return new GatewayError('SIGN_IN_FAILED', message, { cause: err });
}

function otherIssuerMessage(
  server: string,
  configured: boolean,
  err: AuthorizationServerMismatchError,
): string {
  return configured
    ? `'${server}' points the gateway to the authorization server ${err.currentIssuer}, but mcpServers.${server}.oauth.issuer is ${err.recordedIssuer}: the machine account's credentials were not sent. If the server has really moved, change oauth.issuer`
    : `'${server}' now points the gateway to the authorization server ${err.currentIssuer}, but this machine account got its tokens from ${err.recordedIssuer}: the credentials were not sent to the new one. To accept it, sign out and sign in again (\`mcp-gateway servers logout ${server}\`, then \`mcp-gateway servers login ${server}\`), or set mcpServers.${server}.oauth.issuer to it`;
}
