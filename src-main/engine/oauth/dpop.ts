import { createHash, randomBytes } from 'node:crypto';

import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

/**
 * DPoP (RFC 9449): tokens bound to a key the gateway holds, so a stolen access or refresh token
 * is useless without it. Every token request and every request to the server carries a proof, a
 * JWT signed with that key (method, URL, time, a unique id, the access token's hash and the
 * server's nonce). The key pair is made per server at sign-in and kept in the keychain entry with
 * the tokens it is bound to; sign-out forgets both. JWS signing is `jose`'s.
 */

/** Proof algorithms, best first; the first one the authorization server lists is used. */
const DPOP_ALGS = ['ES256', 'EdDSA', 'ES384', 'ES512', 'PS256', 'RS256'] as const;
export type DpopAlg = (typeof DPOP_ALGS)[number];

/** `oauth.dpop`: `auto` (the default) binds tokens where the authorization server offers it. */
export type DpopSetting = 'auto' | 'off';

/** The key as the keychain keeps it: a private JWK. Never logged, never in an API answer. */
export interface StoredDpopKey {
  alg: DpopAlg;
  jwk: JWK;
}

/** What signs a server's proofs. */
export interface DpopSigner {
  readonly alg: DpopAlg;
  /** RFC 7638 thumbprint of the public key: the token's `cnf.jkt` once bound. */
  readonly thumbprint: string;
  proof(request: { htm: string; htu: string | URL; accessToken?: string; nonce?: string }): Promise<string>;
}

/** The algorithm to use with an authorization server, or undefined when DPoP does not apply. */
export function dpopAlgFor(
  metadata: object | undefined,
  setting: DpopSetting | undefined,
): DpopAlg | undefined {
  if (setting === 'off') {
    return undefined;
  }
  const listed = (metadata as { dpop_signing_alg_values_supported?: unknown } | undefined)
    ?.dpop_signing_alg_values_supported;
  if (!Array.isArray(listed)) {
    return undefined;
  }
  return DPOP_ALGS.find((alg) => listed.includes(alg));
}

/** Whether a stored key can still be used with this authorization server. */
export function keyFits(key: StoredDpopKey | undefined, metadata: object | undefined): boolean {
  const listed = (metadata as { dpop_signing_alg_values_supported?: unknown } | undefined)
    ?.dpop_signing_alg_values_supported;
  return key !== undefined && Array.isArray(listed) && listed.includes(key.alg);
}

/** A new key pair, exportable only so that the keychain can keep it across restarts. */
export async function createDpopKey(alg: DpopAlg): Promise<StoredDpopKey> {
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'PS256' || alg === 'RS256' ? { modulusLength: 2048 } : {}),
  });
  return { alg, jwk: await exportJWK(privateKey) };
}

/** The public part of a private JWK (RFC 7517/7518 members), the one that goes into proofs. */
function publicJwkOf(jwk: JWK): JWK {
  const pick = (names: readonly (keyof JWK)[]): JWK =>
    Object.fromEntries(names.filter((n) => jwk[n] !== undefined).map((n) => [n, jwk[n]])) as JWK;
  if (jwk.kty === 'RSA') {
    return pick(['kty', 'n', 'e']);
  }
  return pick(['kty', 'crv', 'x', 'y']);
}

/** RFC 9449 §4.2: `htu` is the target URI without query and fragment. */
export function htuOf(url: string | URL): string {
  const u = new URL(String(url));
  return `${u.origin}${u.pathname}`;
}

/** RFC 9449 §4.2: `ath`, the base64url SHA-256 of the access token. */
export function accessTokenHashOf(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

const signers = new WeakMap<StoredDpopKey, Promise<DpopSigner>>();

/** The signer of a stored key, imported once per loaded record. */
export function signerOf(stored: StoredDpopKey): Promise<DpopSigner> {
  let signer = signers.get(stored);
  if (signer === undefined) {
    signer = makeSigner(stored);
    signers.set(stored, signer);
    // A key that does not import is tried again next time (and fails the same way, loudly).
    signer.catch(() => signers.delete(stored));
  }
  return signer;
}

async function makeSigner(stored: StoredDpopKey): Promise<DpopSigner> {
  const privateKey = await importJWK(stored.jwk, stored.alg);
  const jwk = publicJwkOf(stored.jwk);
  const thumbprint = await calculateJwkThumbprint(jwk, 'sha256');
  return {
    alg: stored.alg,
    thumbprint,
    async proof({ htm, htu, accessToken, nonce }) {
      const claims: Record<string, unknown> = {
        jti: randomBytes(16).toString('base64url'),
        htm: htm.toUpperCase(),
        htu: htuOf(htu),
        iat: Math.floor(Date.now() / 1_000),
        ...(accessToken !== undefined ? { ath: accessTokenHashOf(accessToken) } : {}),
        ...(nonce !== undefined ? { nonce } : {}),
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: stored.alg, typ: 'dpop+jwt', jwk })
        .sign(privateKey);
    },
  };
}

/** Server-supplied nonces (RFC 9449 §8, §9), per origin; the newest wins. */
export interface NonceBook {
  get(url: string | URL): string | undefined;
  /** Keeps a `DPoP-Nonce` from any answer, success or not (RFC 9449 §8.2). */
  observe(response: Response, url: string | URL): void;
}

/** At most this many origins per book: a server cannot grow it without bound. */
const MAX_NONCE_ORIGINS = 16;

export function createNonceBook(): NonceBook {
  const nonces = new Map<string, string>();
  return {
    get: (url) => nonces.get(new URL(String(url)).origin),
    observe(response, url) {
      const nonce = response.headers.get('dpop-nonce');
      // RFC 9449 §8.1: a nonce is printable ASCII; anything else is not put into a proof.
      if (nonce === null || nonce.length === 0 || nonce.length > 512 || !/^[\x21-\x7e]+$/.test(nonce)) {
        return;
      }
      const origin = new URL(String(url)).origin;
      nonces.delete(origin);
      nonces.set(origin, nonce);
      if (nonces.size > MAX_NONCE_ORIGINS) {
        nonces.delete(nonces.keys().next().value as string);
      }
    },
  };
}

/** A resource server's `use_dpop_nonce` challenge (RFC 9449 §9): 401 with a DPoP challenge. */
export function isResourceNonceChallenge(response: Response): boolean {
  if (response.status !== 401) {
    return false;
  }
  const challenge = response.headers.get('www-authenticate') ?? '';
  return /(?:^|,)\s*dpop(?:\s|,|$)/i.test(challenge) && /error\s*=\s*"?use_dpop_nonce"?/i.test(challenge);
}

/** An authorization server's `use_dpop_nonce` answer (RFC 9449 §8): 400 with that error. */
async function isTokenNonceChallenge(response: Response): Promise<boolean> {
  if (response.status !== 400 || !response.headers.has('dpop-nonce')) {
    return false;
  }
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: unknown } | undefined;
  return body?.error === 'use_dpop_nonce';
}

function requestParts(
  input: string | URL | Request,
  init: RequestInit | undefined,
): { url: URL; method: string } {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  return { url, method };
}

/** A body that can be sent a second time as it is (the transports' and token requests' are). */
function resendable(init: RequestInit | undefined): boolean {
  const body = init?.body;
  return body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams;
}

/** A form body with a client assertion: a retry needs a new one (single-use `jti`), not this one. */
function carriesClientAssertion(init: RequestInit | undefined): boolean {
  const body = init?.body;
  const form =
    body instanceof URLSearchParams ? body : typeof body === 'string' ? new URLSearchParams(body) : undefined;
  return form?.has('client_assertion') === true;
}

export interface TokenProofOptions {
  /** The authorization server's token endpoint, when known. */
  tokenEndpoint: () => string | undefined;
  /** The signer for this server, or undefined when its tokens are not DPoP-bound. */
  signer: () => Promise<DpopSigner | undefined>;
  nonces: NonceBook;
}

/**
 * The fetch for a server's token requests (code exchange, refresh, machine accounts): a proof on
 * each POST to the token endpoint; on `use_dpop_nonce` the request is sent once more with the
 * nonce the server just gave. A request with a client assertion is not resent (its assertion is
 * single-use): the caller starts the token request again, and the kept nonce goes along then.
 */
export function withTokenProofs(base: typeof fetch, options: TokenProofOptions): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const { url, method } = requestParts(input, init);
    const endpoint = options.tokenEndpoint();
    if (method !== 'POST' || endpoint === undefined || htuOf(endpoint) !== htuOf(url)) {
      return base(input, init);
    }
    const signer = await options.signer();
    if (signer === undefined) {
      return base(input, init);
    }
    const send = async () => {
      const headers = new Headers(init?.headers);
      headers.set('DPoP', await signer.proof({ htm: 'POST', htu: url, nonce: options.nonces.get(url) }));
      return base(input, { ...init, headers });
    };
    let response = await send();
    options.nonces.observe(response, url);
    if ((await isTokenNonceChallenge(response)) && resendable(init) && !carriesClientAssertion(init)) {
      await response.body?.cancel().catch(() => undefined);
      response = await send();
      options.nonces.observe(response, url);
    }
    return response;
  }) as typeof fetch;
}

export interface ResourceProofOptions {
  /** The signer when `accessToken` is this server's DPoP-bound token; undefined for a bearer token. */
  signerFor: (accessToken: string) => Promise<DpopSigner | undefined>;
  nonces: NonceBook;
}

/**
 * The fetch for a server's MCP requests (Streamable HTTP and SSE): a DPoP-bound token goes as
 * `Authorization: DPoP <token>` with a fresh proof (`ath` of that token) on every request; a
 * `use_dpop_nonce` challenge is answered once, with a new proof carrying the server's nonce.
 * Bearer tokens pass through untouched.
 */
export function withResourceProofs(base: typeof fetch, options: ResourceProofOptions): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const given = new Headers(init?.headers);
    const bearer = /^Bearer\s+(\S+)$/i.exec(given.get('authorization') ?? '');
    const accessToken = bearer?.[1];
    const signer = accessToken === undefined ? undefined : await options.signerFor(accessToken);
    if (accessToken === undefined || signer === undefined) {
      return base(input, init);
    }
    const { url, method } = requestParts(input, init);
    const send = async () => {
      const headers = new Headers(given);
      headers.set('Authorization', `DPoP ${accessToken}`);
      headers.set(
        'DPoP',
        await signer.proof({ htm: method, htu: url, accessToken, nonce: options.nonces.get(url) }),
      );
      return base(input, { ...init, headers });
    };
    let response = await send();
    options.nonces.observe(response, url);
    if (isResourceNonceChallenge(response) && response.headers.has('dpop-nonce') && resendable(init)) {
      await response.body?.cancel().catch(() => undefined);
      response = await send();
      options.nonces.observe(response, url);
    }
    return response;
  }) as typeof fetch;
}
