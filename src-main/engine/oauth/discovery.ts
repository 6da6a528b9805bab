import {
  checkResourceAllowed,
  discoverOAuthServerInfo,
  type OAuthDiscoveryState,
  resourceUrlFromServerUrl,
} from '@modelcontextprotocol/client';

import { GatewayError } from '../../../src-shared/errors.js';
import type { Challenge } from './challenges.js';
import { explainSignInError } from './errors.js';
import { type AddressScope, assertOAuthUrl } from './url-safety.js';

/**
 * Metadata discovery for a browser sign-in, and the resource the tokens are asked for. The
 * SDK's discovery (RFC 9728 protected-resource metadata, then RFC 8414 or OpenID) is held to
 * what the MCP spec asks of clients: metadata must exist and advertise PKCE with S256, and
 * every endpoint it names passes the URL-safety check before anything is sent to it.
 */

/**
 * The server's authorization server and its metadata, refused when there is none, when PKCE
 * is not advertised or when an endpoint fails the URL-safety check.
 */
export async function discover(
  server: string,
  serverUrl: URL,
  options: { fetchFn: typeof fetch; allowed: AddressScope; challenge: Challenge | undefined },
): Promise<OAuthDiscoveryState> {
  const { fetchFn, allowed, challenge } = options;
  if (challenge?.resourceMetadataUrl !== undefined) {
    assertOAuthUrl(challenge.resourceMetadataUrl, allowed);
  }
  let info: Awaited<ReturnType<typeof discoverOAuthServerInfo>>;
  try {
    info = await discoverOAuthServerInfo(serverUrl, {
      ...(challenge?.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : {}),
      fetchFn,
    });
  } catch (err) {
    throw explainSignInError(server, err);
  }
  const metadata = info.authorizationServerMetadata;
  if (metadata === undefined) {
    throw new GatewayError(
      'SIGN_IN_FAILED',
      `no metadata: neither ${serverUrl.origin} nor its authorization server (${String(info.authorizationServerUrl)}) publishes OAuth metadata (RFC 9728 protected-resource metadata, RFC 8414 or OpenID discovery); the gateway cannot sign in to '${server}'. If the server takes an API key instead, put it in mcpServers.${server}.headers`,
    );
  }
  // The MCP spec: a client MUST refuse when PKCE support is not advertised (the SDK proceeds).
  const methods = metadata.code_challenge_methods_supported;
  if (methods === undefined || !methods.includes('S256')) {
    throw new GatewayError(
      'SIGN_IN_FAILED',
      `the authorization server ${metadata.issuer} does not advertise PKCE with S256 (code_challenge_methods_supported is ${methods === undefined ? 'missing' : JSON.stringify(methods)}); signing in without PKCE is not safe, so the gateway refuses`,
    );
  }
  for (const endpoint of [
    metadata.authorization_endpoint,
    metadata.token_endpoint,
    metadata.registration_endpoint,
    revocationEndpointOf(metadata),
  ]) {
    if (endpoint !== undefined) {
      assertOAuthUrl(endpoint, allowed);
    }
  }
  return {
    authorizationServerUrl: String(info.authorizationServerUrl),
    authorizationServerMetadata: metadata,
    ...(info.resourceMetadata !== undefined ? { resourceMetadata: info.resourceMetadata } : {}),
    ...(challenge?.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl.href } : {}),
  };
}

/**
 * The canonical resource of the server, or the PRM's when it covers the server URL — that one
 * exactly as published: parsing `https://example.com` would send `https://example.com/`,
 * another identifier (RFC 9728 §3.3).
 */
export function resourceOf(serverUrl: URL, prmResource: string | undefined): string {
  const canonical = resourceUrlFromServerUrl(serverUrl);
  if (prmResource === undefined) {
    return canonical.href;
  }
  if (!checkResourceAllowed({ requestedResource: canonical, configuredResource: prmResource })) {
    throw new GatewayError(
      'SIGN_IN_FAILED',
      `the server's protected-resource metadata names '${prmResource}', which does not cover ${canonical.href}; the gateway will not ask for tokens for another resource`,
    );
  }
  return prmResource;
}

/** RFC 7009's endpoint, which OpenID-style metadata types leave out. */
export function revocationEndpointOf(metadata: object | undefined): string | undefined {
  const v = (metadata as { revocation_endpoint?: unknown } | undefined)?.revocation_endpoint;
  return typeof v === 'string' ? v : undefined;
}

/**
 * A resource indicator for the SDK, which types it as a URL but writes a string as it is
 * (`resourceIndicatorToString`): a URL object would add a trailing slash to a bare origin.
 */
export function resourceIndicator(resource: string): URL {
  return resource as unknown as URL;
}
