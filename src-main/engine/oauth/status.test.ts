import { describe, expect, it } from 'vitest';

import type { PendingFlow } from './pending-flows.js';
import type { SignInRecord } from './record.js';
import { signInStatus } from './status.js';

const url = 'https://mcp.example.com/mcp';
const signedIn: SignInRecord = {
  v: 1,
  serverUrl: url,
  tokens: { access_token: 'secret-token', token_type: 'DPoP', scope: 'files:read' },
  dpop: { alg: 'ES256', jwk: { kty: 'EC', d: 'private' } },
  expiresAt: 5_000,
  issuer: 'https://as.example.com',
};
const none = { record: undefined, flow: undefined, lastError: undefined, grant: undefined };

describe("a server's sign-in status", () => {
  it('shows expiry, scope, issuer and DPoP binding, never a token or the key', () => {
    const status = signInStatus(`${url}/`, { ...none, record: signedIn });
    expect(status).toEqual({
      signedIn: true,
      pending: false,
      expiresAt: 5_000,
      scope: 'files:read',
      issuer: 'https://as.example.com',
      dpop: true,
    });
    expect(JSON.stringify(status)).not.toMatch(/secret-token|private/);
  });

  it('is not signed in with tokens for another URL, nor after a machine account signed out', () => {
    expect(signInStatus('https://mcp.example.com/other', { ...none, record: signedIn })).toEqual({
      signedIn: false,
      pending: false,
    });
    const out: SignInRecord = { v: 1, serverUrl: url, grant: 'client_credentials', signedOut: true };
    expect(signInStatus(url, { ...none, record: out, grant: 'client_credentials' })).toEqual({
      grant: 'client_credentials',
      signedIn: false,
      pending: false,
    });
  });

  it('says DPoP only for DPoP-bound tokens, and shows a pending sign-in and the last error', () => {
    const bearer = { ...signedIn, tokens: { access_token: 'a', token_type: 'Bearer' } };
    const flow = { authorizationUrl: 'https://as.example.com/authorize', expiresAt: 9_000 } as PendingFlow;
    const status = signInStatus(url, { ...none, record: bearer, flow, lastError: 'refresh refused' });
    expect(status.dpop).toBeUndefined();
    expect(status).toMatchObject({
      pending: true,
      authorizationUrl: 'https://as.example.com/authorize',
      pendingUntil: 9_000,
      lastError: 'refresh refused',
    });
  });
});
