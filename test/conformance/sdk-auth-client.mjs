#!/usr/bin/env node
/**
 * The reference client of the auth comparison: the official TypeScript SDK's own client
 * (`@modelcontextprotocol/client`, the version the gateway is built on) talking to the
 * scenario's server directly, with no gateway. It does what the conformance suite's TypeScript
 * example client does, with the SDK's own OAuth machinery wherever the SDK has it:
 *   - the authorization code flow through the transport's `authProvider` (an in-memory
 *     OAuthClientProvider whose "browser" follows the authorization server's redirect at once;
 *     `finishAuth` with the code and `iss`, then a new connection), step-up included;
 *   - pre-registered credentials from MCP_CONFORMANCE_CONTEXT;
 *   - client credentials with the SDK's ClientCredentialsProvider / PrivateKeyJwtProvider,
 *     enterprise-managed authorization with its CrossAppAccessProvider and requestJwtAuthorizationGrant,
 *     DPoP with its DpopSession, the JWT bearer grant (workload identity) with a provider
 *     that supplies the assertion.
 * Then it lists tools and calls `test-tool`. Exits 0 when that worked.
 * Usage (as the suite's client command): node test/conformance/sdk-auth-client.mjs <server URL>
 */
import process from 'node:process';

import {
  Client,
  ClientCredentialsProvider,
  CrossAppAccessProvider,
  DpopSession,
  PrivateKeyJwtProvider,
  requestJwtAuthorizationGrant,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';

const REDIRECT = 'http://127.0.0.1:3000/callback';
/** The Client ID Metadata Document URL the suite's scenarios accept (as the example client). */
const CIMD_URL = 'https://conformance-test.local/client-metadata.json';
const MAX_ROUNDS = 5;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const serverUrl = new URL(process.argv.at(-1) ?? '');
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
const say = (line) => process.stderr.write(`[sdk-auth-client ${scenario}] ${line}\n`);

/** An in-memory OAuthClientProvider for the authorization code flow. */
class MemoryProvider {
  #client;
  #tokens;
  #verifier;
  #discovery;
  /** The last redirect back from the authorization server: `{ code, iss }`. */
  callback;

  constructor({ preRegistered, dpop } = {}) {
    this.#client = preRegistered;
    if (dpop !== undefined) {
      // The SDK signs the token request and every MCP request with this key (RFC 9449).
      this.dpop = () => dpop;
    }
    if (preRegistered === undefined) {
      this.clientMetadataUrl = CIMD_URL;
    }
  }
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata() {
    return {
      client_name: 'sdk reference client',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.#client;
  }
  saveClientInformation(info) {
    this.#client = info;
  }
  tokens() {
    return this.#tokens;
  }
  saveTokens(tokens) {
    this.#tokens = tokens;
  }
  saveCodeVerifier(v) {
    this.#verifier = v;
  }
  codeVerifier() {
    return this.#verifier;
  }
  saveDiscoveryState(s) {
    this.#discovery = s;
  }
  discoveryState() {
    return this.#discovery;
  }
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'tokens') {
      this.#tokens = undefined;
    }
    if (scope === 'all' || scope === 'client') {
      this.#client = undefined;
    }
  }
  async redirectToAuthorization(url) {
    // The mock authorization server approves at once: its answer is the redirect back.
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (location === null) {
      throw new Error(`the authorization endpoint answered ${res.status} without a redirect`);
    }
    const back = new URL(location, url);
    const code = back.searchParams.get('code');
    if (code === null) {
      throw new Error(`no code in the redirect: ${back.search}`);
    }
    this.callback = { code, iss: back.searchParams.get('iss') ?? undefined };
  }
}

/** Connect, list tools and call `test-tool`; on UnauthorizedError finish the sign-in and go again. */
async function runWith(authProvider, { call = true } = {}) {
  for (let round = 1; ; round++) {
    // Both protocol eras, negotiated as the SDK does it (the gateway's own backends do the same).
    const client = new Client(
      { name: 'sdk-auth-reference', version: '1.0.0' },
      { capabilities: {}, versionNegotiation: { mode: 'auto' } },
    );
    const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider });
    try {
      await client.connect(transport);
      await client.listTools();
      if (call) {
        const result = await client.callTool({ name: 'test-tool', arguments: {} });
        if (result.isError === true) {
          throw new Error(`test-tool failed: ${JSON.stringify(result.content).slice(0, 300)}`);
        }
      }
      say(`done after ${round} round(s)`);
      return;
    } catch (err) {
      const pending = authProvider instanceof MemoryProvider ? authProvider.callback : undefined;
      if (!(err instanceof UnauthorizedError) || pending === undefined || round >= MAX_ROUNDS) {
        throw err;
      }
      authProvider.callback = undefined;
      await transport.finishAuth(pending.code, pending.iss);
    } finally {
      await client.close().catch(() => undefined);
    }
  }
}

/** The JWT bearer grant (RFC 7523) with an assertion from the workload's identity provider. */
class JwtBearerProvider {
  #tokens;
  constructor(assertion, clientId) {
    this.assertion = assertion;
    this.clientId = clientId;
  }
  get redirectUrl() {
    return undefined;
  }
  get clientMetadata() {
    return { client_name: 'sdk reference client', redirect_uris: [], grant_types: [JWT_BEARER] };
  }
  clientInformation() {
    return { client_id: this.clientId };
  }
  tokens() {
    return this.#tokens;
  }
  saveTokens(tokens) {
    this.#tokens = tokens;
  }
  redirectToAuthorization() {
    throw new Error('no browser in the JWT bearer grant');
  }
  saveCodeVerifier() {}
  codeVerifier() {
    throw new Error('no PKCE in the JWT bearer grant');
  }
  prepareTokenRequest(scope) {
    const params = new URLSearchParams({ grant_type: JWT_BEARER, assertion: this.assertion });
    if (scope) {
      params.set('scope', scope);
    }
    return params;
  }
}

async function main() {
  switch (scenario) {
    case 'auth/pre-registration':
      return runWith(
        new MemoryProvider({
          preRegistered: { client_id: context.client_id, client_secret: context.client_secret },
        }),
      );
    case 'auth/client-credentials-basic':
      return runWith(
        new ClientCredentialsProvider({ clientId: context.client_id, clientSecret: context.client_secret }),
        { call: false },
      );
    case 'auth/client-credentials-jwt':
      return runWith(
        new PrivateKeyJwtProvider({
          clientId: context.client_id,
          privateKey: context.private_key_pem,
          algorithm: context.signing_algorithm ?? 'ES256',
        }),
        { call: false },
      );
    case 'auth/enterprise-managed-authorization':
    case 'auth/cross-app-access-complete-flow':
      return runWith(
        new CrossAppAccessProvider({
          clientId: context.client_id,
          clientSecret: context.client_secret,
          assertion: async (ctx) =>
            (
              await requestJwtAuthorizationGrant({
                tokenEndpoint: context.idp_token_endpoint,
                audience: ctx.authorizationServerUrl,
                resource: ctx.resourceUrl,
                idToken: context.idp_id_token,
                clientId: context.idp_client_id,
                ...(ctx.scope ? { scope: ctx.scope } : {}),
                fetchFn: ctx.fetchFn,
              })
            ).jwtAuthGrant,
        }),
      );
    case 'auth/wif-jwt-bearer':
      return runWith(new JwtBearerProvider(context.valid_jwt, context.client_id), { call: false });
    case 'auth/dpop':
    case 'auth/dpop-nonce': {
      const session = await DpopSession.create();
      return runWith(new MemoryProvider({ dpop: session }));
    }
    default:
      return runWith(new MemoryProvider());
  }
}

try {
  await main();
  process.exit(0);
} catch (err) {
  say(`FAILED: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  process.exit(1);
}
