import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import {
  createPrivateKeyJwtAuth,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';

import type { OAuthSettings } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { basicCredentials, unreadableFileReason } from './client-auth.js';
import type { IdJagSource } from './enterprise.js';

/**
 * Sign-in without a person: a machine account (the OAuth client_credentials grant, RFC 6749
 * §4.4) or a workload's identity (the JWT bearer grant, RFC 7523 §2.1, with a JWT the platform
 * issued). No browser, no redirect, no refresh token — the gateway asks the token endpoint
 * again whenever the access token is about to expire or is refused. A machine account
 * authenticates with client_secret_basic or with private_key_jwt (RFC 7523 §2.2, a JWT signed
 * with the account's private key). The secret, the key and the assertion come from the
 * keychain (`${secret:NAME}`, expanded before they get here) or, for the assertion, from a file
 * the platform keeps fresh.
 */

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** `enterprise`: the JWT bearer grant with an ID-JAG from the company's identity provider (enterprise.ts). */
export type MachineGrant = 'client_credentials' | 'jwt_bearer' | 'enterprise';

/** The grant of a server entry that signs in without a browser, if it does. */
export function machineGrantOf(settings: OAuthSettings): MachineGrant | undefined {
  if (settings.enterprise !== undefined) {
    return 'enterprise';
  }
  return settings.grant === 'client_credentials' || settings.grant === 'jwt_bearer'
    ? settings.grant
    : undefined;
}

/** Whether a server entry signs in without a browser. */
export function isMachineAccount(settings: OAuthSettings): boolean {
  return machineGrantOf(settings) !== undefined;
}

/** The workload's assertion, read afresh (the platform rotates the file). */
async function assertionOf(server: string, settings: OAuthSettings): Promise<string> {
  if (settings.assertion !== undefined) {
    return settings.assertion.trim();
  }
  const file = settings.assertionFile ?? '';
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    const why = unreadableFileReason(err);
    throw new GatewayError(
      'SIGN_IN_FAILED',
      `cannot read the file named in mcpServers.${server}.oauth.assertionFile (${why}); the platform should write the workload's JWT there`,
    );
  }
}

/** The JWS algorithm that fits a PEM private key, unless the config names one. */
function signingAlgorithmFor(server: string, pem: string, configured: string | undefined): string {
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `mcpServers.${server}.oauth.privateKey is not a readable PEM private key (${err instanceof Error ? err.message : String(err)}); store the PKCS#8 PEM with \`mcp-gateway secrets set NAME < key.pem\``,
    );
  }
  if (configured !== undefined) {
    return configured;
  }
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    return 'RS256';
  }
  if (type === 'rsa-pss') {
    return 'PS256';
  }
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const alg = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }[curve ?? ''];
    if (alg !== undefined) {
      return alg;
    }
  }
  throw new GatewayError(
    'CONFIG_INVALID',
    `mcpServers.${server}.oauth.privateKey is a ${type ?? 'unknown'} key; private_key_jwt here takes an RSA or an EC (P-256, P-384, P-521) key`,
  );
}

/**
 * client_secret_basic done by the book: the SDK's own puts id and secret into the header as
 * they are, so a secret with `:` `%` or `+` reaches the server as another secret.
 */
function basicAuth(
  clientId: string,
  secret: string,
): NonNullable<OAuthClientProvider['addClientAuthentication']> {
  const credentials = basicCredentials(clientId, secret);
  return (headers) => {
    headers.set('Authorization', credentials);
  };
}

interface MachineProviderOptions {
  server: string;
  settings: OAuthSettings;
  scope?: string;
  /** The resource indicator to send (RFC 8707), from the server URL and its metadata. */
  resource: (serverUrl: string | URL, prmResource: string | undefined) => URL;
  /**
   * The only authorization server the credentials may go to: `oauth.issuer`, else the one the
   * last token came from. The SDK refuses any other (AuthorizationServerMismatchError) before
   * it sends the secret, a client assertion or the workload's JWT.
   */
  issuer?: string;
  /** The discovery kept from the last token, so a new token does not discover again. */
  discovery?: OAuthDiscoveryState;
  /** Enterprise-managed authorization: the ID-JAG for the authorization server and resource. */
  idJag?: IdJagSource;
}

/** What `auth()` leaves behind for the gateway to keep. */
interface MachineProvider extends OAuthClientProvider {
  obtained(): { tokens?: StoredOAuthTokens; discovery?: OAuthDiscoveryState };
}

/** Who the gateway is at the token endpoint: the client, how it authenticates, what it registers as. */
interface MachineClient {
  clientId: string;
  grant: MachineGrant;
  metadata: OAuthClientMetadata;
  client: StoredOAuthClientInformation;
  /** How the client authenticates, when it does (client_secret_basic or private_key_jwt). */
  authentication: Pick<OAuthClientProvider, 'addClientAuthentication'>;
}

function machineClientOf(server: string, settings: OAuthSettings, issuer: string | undefined): MachineClient {
  const clientId = settings.clientId;
  if (clientId === undefined) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `mcpServers.${server}.oauth.clientId is missing: the client_credentials grant needs the machine account's id`,
    );
  }
  const grant = machineGrantOf(settings) ?? 'client_credentials';
  const privateKey = grant !== 'jwt_bearer' ? settings.privateKey : undefined;
  // Enterprise: the gateway's own client at the authorization server, public when it has no credential.
  const method =
    grant === 'jwt_bearer' || (grant === 'enterprise' && settings.clientSecret === undefined && !privateKey)
      ? 'none'
      : privateKey !== undefined
        ? 'private_key_jwt'
        : 'client_secret_basic';
  const metadata: OAuthClientMetadata = {
    client_name: 'MCP Gateway',
    redirect_uris: [],
    grant_types: [grant === 'client_credentials' ? 'client_credentials' : JWT_BEARER],
    token_endpoint_auth_method: method,
  };
  // The configured method, not one the SDK would pick from the server's list (which could be
  // client_secret_post, or `none` and no secret at all). The secret itself stays out of it: the
  // Basic header is made below.
  const client: StoredOAuthClientInformation = {
    client_id: clientId,
    token_endpoint_auth_method: method,
    ...(issuer !== undefined ? { issuer } : {}),
  };
  const secret = method === 'client_secret_basic' ? settings.clientSecret : undefined;
  const authentication = {
    ...(secret !== undefined ? { addClientAuthentication: basicAuth(clientId, secret) } : {}),
    ...(privateKey !== undefined
      ? {
          addClientAuthentication: createPrivateKeyJwtAuth({
            issuer: clientId,
            subject: clientId,
            privateKey,
            alg: signingAlgorithmFor(server, privateKey, settings.signingAlgorithm),
          }),
        }
      : {}),
  };
  return { clientId, grant, metadata, client, authentication };
}

/** An OAuthClientProvider for the SDK's `auth()` that runs the client_credentials grant. */
export function createMachineProvider(options: MachineProviderOptions): MachineProvider {
  const { server, settings } = options;
  const { grant, metadata, client, authentication } = machineClientOf(server, settings, options.issuer);
  let tokens: StoredOAuthTokens | undefined;
  let discovery: OAuthDiscoveryState | undefined = options.discovery;
  /** What `auth()` settled on before the token request: the ID-JAG's audience and resource. */
  let issuer: string | undefined;
  let resource: string | undefined;
  const noBrowser = (): never => {
    throw new GatewayError('SIGN_IN_FAILED', `'${server}' signs in as a machine account, without a browser`);
  };
  return {
    get redirectUrl() {
      return undefined;
    },
    get clientMetadata() {
      return metadata;
    },
    clientInformation: () => client,
    tokens: () => tokens,
    saveTokens: (t) => {
      tokens = t;
    },
    redirectToAuthorization: noBrowser,
    saveCodeVerifier: () => undefined,
    codeVerifier: noBrowser,
    ...authentication,
    saveAuthorizationServerUrl: (url: string) => {
      issuer = url;
    },
    prepareTokenRequest: async (scope?: string) => {
      const params = new URLSearchParams({
        grant_type: grant === 'client_credentials' ? grant : JWT_BEARER,
      });
      const wanted = options.scope ?? scope;
      if (grant === 'jwt_bearer') {
        params.set('assertion', await assertionOf(server, settings));
      }
      if (grant === 'enterprise') {
        if (options.idJag === undefined || issuer === undefined || resource === undefined) {
          throw new GatewayError('SIGN_IN_FAILED', `'${server}': the authorization server is not known yet`);
        }
        params.set(
          'assertion',
          await options.idJag({ audience: issuer, resource, ...(wanted ? { scope: wanted } : {}) }),
        );
      }
      if (wanted) {
        params.set('scope', wanted);
      }
      return params;
    },
    validateResourceURL: async (serverUrl, prmResource) => {
      const chosen = options.resource(serverUrl, prmResource);
      resource = String(chosen);
      return chosen;
    },
    saveDiscoveryState: (s) => {
      discovery = s;
    },
    discoveryState: () => discovery,
    invalidateCredentials: async (scope) => {
      if (scope === 'tokens' || scope === 'all') {
        tokens = undefined;
      }
      if (scope === 'discovery' || scope === 'all') {
        discovery = undefined;
      }
    },
    obtained: () => ({ ...(tokens ? { tokens } : {}), ...(discovery ? { discovery } : {}) }),
  };
}
