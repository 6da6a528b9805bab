import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { isLoopbackHost } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';

/**
 * The rules for every URL the OAuth flow touches (discovery, registration, token, revocation,
 * and the sign-in page opened in the browser): `https`, or `http` only on loopback; no
 * addresses in private, loopback or link-local ranges unless the MCP server itself lives in
 * that kind of network (a server on 127.0.0.1 may use an authorization server on 127.0.0.1;
 * a public server may not send the gateway to 169.254.169.254 or 10.0.0.1).
 */

/** Where an address lives, from the most to the least trusted. */
export type AddressScope = 'loopback' | 'private' | 'public';

function ipv4Scope(ip: string): AddressScope {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  if (a === 127) {
    return 'loopback';
  }
  if (
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a === 0
  ) {
    return 'private';
  }
  return 'public';
}

/** The scope of an IP literal (v4 or v6); `undefined` when `ip` is not one. */
export function addressScope(ip: string): AddressScope | undefined {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) {
    return ipv4Scope(bare);
  }
  if (family !== 6) {
    return undefined;
  }
  const lower = bare.toLowerCase();
  if (lower === '::1') {
    return 'loopback';
  }
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) {
    return ipv4Scope(mapped[1]);
  }
  // fc00::/7 (unique local), fe80::/10 (link-local), :: (unspecified)
  if (/^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower === '::') {
    return 'private';
  }
  return 'public';
}

const RANK: Record<AddressScope, number> = { public: 0, private: 1, loopback: 2 };

/**
 * The most inner network OAuth URLs may reach for a server at `serverUrl`: its own scope when
 * it is an IP literal or `localhost`, else `public`.
 */
export function allowedScopeFor(serverUrl: URL): AddressScope {
  const host = serverUrl.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackHost(host)) {
    return 'loopback';
  }
  return addressScope(host) ?? 'public';
}

function refuse(url: URL, why: string): GatewayError {
  return new GatewayError('SIGN_IN_FAILED', `refusing to contact ${url.origin}: ${why}`);
}

/**
 * Checks the scheme and the host (not yet the resolved addresses) of an OAuth URL.
 * Throws `SIGN_IN_FAILED` with the reason.
 */
export function assertOAuthUrl(raw: string | URL, allowed: AddressScope): URL {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw new GatewayError(
      'SIGN_IN_FAILED',
      `the authorization server gave an invalid URL: '${String(raw).slice(0, 200)}'`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refuse(url, `only https URLs are allowed (got '${url.protocol}')`);
  }
  if (url.username !== '' || url.password !== '') {
    throw refuse(url, 'URLs with credentials in them are not allowed');
  }
  const literal = isLoopbackHost(host) ? 'loopback' : addressScope(host);
  if (url.protocol === 'http:' && literal !== 'loopback') {
    throw refuse(url, 'plain http is only allowed on this computer (127.0.0.1 / localhost); use https');
  }
  if (literal !== undefined && RANK[literal] > RANK[allowed]) {
    throw refuse(url, `${host} is a ${literal} address, and the server is not in that network`);
  }
  return url;
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks what a host name resolves to. The connection made afterwards resolves again, so a
 * DNS answer that changes in between is not caught; the scheme, literal and redirect checks
 * still hold.
 */
async function assertResolvedScope(url: URL, allowed: AddressScope, resolve: Resolver): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 || isLoopbackHost(host)) {
    return;
  }
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    throw new GatewayError('SIGN_IN_FAILED', `cannot resolve ${host}: ${errorText(err)}`);
  }
  for (const a of addresses) {
    const scope = addressScope(a) ?? 'public';
    if (RANK[scope] > RANK[allowed]) {
      throw refuse(
        url,
        `${host} resolves to ${a}, a ${scope} address, and the server is not in that network`,
      );
    }
  }
}

export interface GuardedFetchOptions {
  allowed: AddressScope;
  resolve?: Resolver;
  /** Redirect hops followed (each one checked). Default 5. */
  maxRedirects?: number;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A `fetch` for OAuth traffic: every URL, and every redirect hop, passes `assertOAuthUrl` and
 * the resolved-address check; requests are bounded in time.
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const resolve = options.resolve ?? systemResolver;
  const base = options.fetch ?? fetch;
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let url = assertOAuthUrl(input instanceof Request ? input.url : input, options.allowed);
    const manual = init?.redirect === 'manual';
    let current: RequestInit = { ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      await assertResolvedScope(url, options.allowed, resolve);
      const signal = init?.signal
        ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      const response = await base(input instanceof Request && hop === 0 ? input : url, {
        ...current,
        signal,
      });
      const location = response.headers.get('location');
      if (manual || response.status < 300 || response.status >= 400 || location === null) {
        return response;
      }
      if (hop >= maxRedirects) {
        throw refuse(url, `more than ${maxRedirects} redirects`);
      }
      url = assertOAuthUrl(new URL(location, url), options.allowed);
      // 303 (and 301/302 after a POST, as browsers do) continue as a GET without a body.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && current.method === 'POST')
      ) {
        current = { ...current, method: 'GET', body: null };
      }
    }
  };
  return guarded as typeof fetch;
}
