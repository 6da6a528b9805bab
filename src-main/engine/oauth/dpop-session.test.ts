import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import { createDpopKey } from './dpop.js';
import { createDpopSessions, type KeyHolder } from './dpop-session.js';
import type { SignInRecord } from './record.js';

/** A loopback server that answers with the headers it was sent. */
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({ authorization: req.headers.authorization ?? null, dpop: req.headers.dpop ?? null }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const seen = async (res: Response) =>
  (await res.json()) as { authorization: string | null; dpop: string | null };

describe("a server's DPoP session", () => {
  it('proves token requests with a key made when first needed and kept while it fits', async () => {
    const sessions = createDpopSessions({ log: silentLogger, recordFor: async () => undefined });
    let metadata: object = { token_endpoint: `${base}/token`, dpop_signing_alg_values_supported: ['ES256'] };
    const holder: KeyHolder = {};
    const tokenFetch = sessions.tokenFetch('docs', fetch, {
      setting: 'auto',
      metadata: () => metadata,
      holder,
    });
    const first = await seen(await tokenFetch(`${base}/token`, { method: 'POST', body: 'grant_type=x' }));
    expect(first.dpop).not.toBeNull();
    expect(decodeProtectedHeader(first.dpop ?? '').alg).toBe('ES256');
    const key = holder.key;
    expect(key?.alg).toBe('ES256');
    await tokenFetch(`${base}/token`, { method: 'POST', body: 'grant_type=x' });
    expect(holder.key).toBe(key);
    // Not the token endpoint: no proof.
    expect((await seen(await tokenFetch(`${base}/register`, { method: 'POST' }))).dpop).toBeNull();
    // The authorization server no longer offers DPoP: no proof, and the key goes.
    metadata = { token_endpoint: `${base}/token` };
    expect((await seen(await tokenFetch(`${base}/token`, { method: 'POST', body: 'x' }))).dpop).toBeNull();
    expect(holder.key).toBeUndefined();
  });

  it('sends no proof with oauth.dpop off', async () => {
    const sessions = createDpopSessions({ log: silentLogger, recordFor: async () => undefined });
    const metadata = { token_endpoint: `${base}/token`, dpop_signing_alg_values_supported: ['ES256'] };
    const holder: KeyHolder = {};
    const tokenFetch = sessions.tokenFetch('docs', fetch, {
      setting: 'off',
      metadata: () => metadata,
      holder,
    });
    expect((await seen(await tokenFetch(`${base}/token`, { method: 'POST', body: 'x' }))).dpop).toBeNull();
    expect(holder.key).toBeUndefined();
  });

  it('sends the stored DPoP-bound token with the DPoP scheme and a proof; a bearer token as it is', async () => {
    const key = await createDpopKey('ES256');
    let record: SignInRecord = {
      v: 1,
      serverUrl: `${base}/mcp`,
      tokens: { access_token: 'bound-1', token_type: 'DPoP' },
      dpop: key,
    };
    const sessions = createDpopSessions({ log: silentLogger, recordFor: async () => record });
    const mcpFetch = sessions.resourceFetch('docs', `${base}/mcp`, fetch);
    const bound = await seen(
      await mcpFetch(`${base}/mcp`, { method: 'POST', headers: { authorization: 'Bearer bound-1' } }),
    );
    expect(bound.authorization).toBe('DPoP bound-1');
    expect(bound.dpop).not.toBeNull();
    // Another token than the stored one is not proved with its key.
    const other = await seen(
      await mcpFetch(`${base}/mcp`, { method: 'POST', headers: { authorization: 'Bearer other' } }),
    );
    expect(other).toEqual({ authorization: 'Bearer other', dpop: null });
    record = { ...record, tokens: { access_token: 'plain', token_type: 'Bearer' } };
    const plain = await seen(
      await mcpFetch(`${base}/mcp`, { method: 'POST', headers: { authorization: 'Bearer plain' } }),
    );
    expect(plain).toEqual({ authorization: 'Bearer plain', dpop: null });
  });
});
