import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createDpopKey,
  createNonceBook,
  dpopAlgFor,
  keyFits,
  signerOf,
  withResourceProofs,
  withTokenProofs,
} from './dpop.js';

/** A proof's header and verified claims (the signature checked with the key it carries). */
async function open(proof: string) {
  const header = decodeProtectedHeader(proof);
  const { payload } = await jwtVerify(proof, await importJWK(header.jwk as JWK, header.alg));
  return { header, claims: payload };
}

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  dpop?: string;
  body: string;
}

/**
 * A server on 127.0.0.1 that records every request and answers as `reply` says: a resource that
 * always wants a new nonce, a token endpoint that wants one once, and so on.
 */
describe('DPoP proofs and nonces (RFC 9449)', () => {
  let server: http.Server;
  let base = '';
  const seen: Seen[] = [];
  let reply: (
    req: Seen,
    n: number,
  ) => { status: number; headers?: Record<string, string>; body?: string } = () => ({ status: 200 });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        const entry: Seen = {
          method: req.method ?? '',
          url: req.url ?? '',
          body,
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(typeof req.headers.dpop === 'string' ? { dpop: req.headers.dpop } : {}),
        };
        seen.push(entry);
        const r = reply(entry, seen.length);
        res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers }).end(r.body ?? '{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const reset = (r: typeof reply) => {
    seen.length = 0;
    reply = r;
  };

  it('uses DPoP only where the authorization server lists an algorithm it can sign with, never when off', () => {
    expect(dpopAlgFor({ dpop_signing_alg_values_supported: ['RS256', 'ES256'] }, undefined)).toBe('ES256');
    expect(dpopAlgFor({ dpop_signing_alg_values_supported: ['RS256'] }, 'auto')).toBe('RS256');
    expect(dpopAlgFor({ dpop_signing_alg_values_supported: ['ES256'] }, 'off')).toBeUndefined();
    expect(dpopAlgFor({ dpop_signing_alg_values_supported: ['none', 'HS256'] }, 'auto')).toBeUndefined();
    expect(dpopAlgFor({ token_endpoint: 'https://as.example/token' }, 'auto')).toBeUndefined();
    expect(dpopAlgFor(undefined, 'auto')).toBeUndefined();
  });

  it('a proof: typ dpop+jwt, the public key only, htm, htu without query or fragment, ath, nonce, a new jti', async () => {
    const key = await createDpopKey('ES256');
    expect(key.jwk.d).toBeDefined();
    expect(keyFits(key, { dpop_signing_alg_values_supported: ['ES256'] })).toBe(true);
    expect(keyFits(key, { dpop_signing_alg_values_supported: ['RS256'] })).toBe(false);
    const signer = await signerOf(key);
    const token = 'access-token-value';
    const first = await signer.proof({
      htm: 'post',
      htu: 'https://mcp.example/v1/mcp?tenant=a#frag',
      accessToken: token,
      nonce: 'n-1',
    });
    const second = await signer.proof({ htm: 'GET', htu: new URL('https://mcp.example/v1/mcp') });
    const a = await open(first);
    const b = await open(second);
    expect(a.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(a.header.jwk).toEqual({ kty: 'EC', crv: 'P-256', x: key.jwk.x, y: key.jwk.y });
    expect(a.claims).toMatchObject({
      htm: 'POST',
      htu: 'https://mcp.example/v1/mcp',
      ath: createHash('sha256').update(token).digest('base64url'),
      nonce: 'n-1',
    });
    expect(Math.abs((a.claims.iat as number) - Date.now() / 1_000)).toBeLessThan(60);
    expect(typeof a.claims.jti).toBe('string');
    expect(b.claims.jti).not.toBe(a.claims.jti);
    expect(b.claims.ath).toBeUndefined();
    expect(b.claims.nonce).toBeUndefined();
    expect(signer.thumbprint).toBe(await calculateJwkThumbprint(a.header.jwk as JWK, 'sha256'));
    // The same stored key signs with the same (imported once) signer.
    expect(await signerOf(key)).toBe(signer);
  });

  it('other algorithms the server may ask for: EdDSA and RS256', async () => {
    for (const alg of ['EdDSA', 'RS256'] as const) {
      const signer = await signerOf(await createDpopKey(alg));
      const { header } = await open(await signer.proof({ htm: 'POST', htu: 'https://as.example/token' }));
      expect(header.alg).toBe(alg);
      expect((header.jwk as JWK).d).toBeUndefined();
      expect((header.jwk as JWK).p).toBeUndefined();
    }
  });

  it('resource: DPoP scheme and a proof; a use_dpop_nonce challenge is answered once, not again', async () => {
    const signer = await signerOf(await createDpopKey('ES256'));
    const nonces = createNonceBook();
    const dpopFetch = withResourceProofs(fetch, {
      signerFor: async (t) => (t === 'bound-token' ? signer : undefined),
      nonces,
    });
    // A server that refuses every proof with a new nonce: two requests, then the 401 is the answer.
    reset((_req, n) => ({
      status: 401,
      headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': `nonce-${n}` },
    }));
    const res = await dpopFetch(`${base}/mcp?session=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer bound-token', 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0"}',
    });
    expect(res.status).toBe(401);
    expect(seen).toHaveLength(2);
    const [one, two] = await Promise.all(seen.map((s) => open(s.dpop ?? '')));
    expect(seen.map((s) => s.authorization)).toEqual(['DPoP bound-token', 'DPoP bound-token']);
    expect(seen[1]?.body).toBe('{"jsonrpc":"2.0"}');
    expect(one?.claims.nonce).toBeUndefined();
    expect(two?.claims.nonce).toBe('nonce-1');
    expect(one?.claims.htu).toBe(`${base}/mcp`);
    expect(one?.claims.jti).not.toBe(two?.claims.jti);
    // The newest nonce is kept for the next request.
    expect(nonces.get(`${base}/mcp`)).toBe('nonce-2');

    // A bearer token (the server did not bind it) goes as it came, without a proof.
    reset(() => ({ status: 200 }));
    await dpopFetch(`${base}/mcp`, { method: 'POST', headers: { authorization: 'Bearer plain-token' } });
    expect(seen[0]?.authorization).toBe('Bearer plain-token');
    expect(seen[0]?.dpop).toBeUndefined();
  });

  it('token endpoint: a proof on each POST to it; use_dpop_nonce is retried once with the nonce', async () => {
    const signer = await signerOf(await createDpopKey('ES256'));
    const nonces = createNonceBook();
    const tokenFetch = withTokenProofs(fetch, {
      tokenEndpoint: () => `${base}/token`,
      signer: async () => signer,
      nonces,
    });
    reset((req) =>
      req.dpop !== undefined && decodeProtectedHeader(req.dpop).typ === 'dpop+jwt' && seen.length > 1
        ? { status: 200, body: '{"access_token":"t","token_type":"DPoP"}' }
        : {
            status: 400,
            headers: { 'dpop-nonce': 'as-nonce' },
            body: '{"error":"use_dpop_nonce"}',
          },
    );
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: 'c' });
    const res = await tokenFetch(`${base}/token`, { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.body).toBe(body.toString());
    const retried = await open(seen[1]?.dpop ?? '');
    expect(retried.claims).toMatchObject({ htm: 'POST', htu: `${base}/token`, nonce: 'as-nonce' });
    expect(retried.claims.ath).toBeUndefined();

    // Refused every time: one retry only.
    reset(() => ({ status: 400, headers: { 'dpop-nonce': 'again' }, body: '{"error":"use_dpop_nonce"}' }));
    expect((await tokenFetch(`${base}/token`, { method: 'POST', body })).status).toBe(400);
    expect(seen).toHaveLength(2);

    // A client assertion is single-use: not resent as it is (the caller makes a new request).
    reset(() => ({ status: 400, headers: { 'dpop-nonce': 'n' }, body: '{"error":"use_dpop_nonce"}' }));
    const withAssertion = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion: 'a.b.c',
    });
    await tokenFetch(`${base}/token`, { method: 'POST', body: withAssertion });
    expect(seen).toHaveLength(1);
    expect(nonces.get(`${base}/token`)).toBe('n');

    // Anything but the token endpoint (registration, metadata) goes without a proof.
    reset(() => ({ status: 200 }));
    await tokenFetch(`${base}/register`, { method: 'POST', body: '{}' });
    await tokenFetch(`${base}/token`, { method: 'GET' });
    expect(seen.map((s) => s.dpop)).toEqual([undefined, undefined]);
  });

  it('keeps only printable nonces, and a bounded number of origins', () => {
    const book = createNonceBook();
    const answer = (nonce: string) => new Response(null, { headers: { 'dpop-nonce': nonce } });
    book.observe(answer('ok-1'), 'https://a.example/x');
    book.observe(answer('bad nonce with spaces'), 'https://a.example/x');
    expect(book.get('https://a.example/other')).toBe('ok-1');
    for (let i = 0; i < 40; i++) {
      book.observe(answer(`n${i}`), `https://h${i}.example/`);
    }
    expect(book.get('https://a.example/')).toBeUndefined();
    expect(book.get('https://h39.example/')).toBe('n39');
  });
});
