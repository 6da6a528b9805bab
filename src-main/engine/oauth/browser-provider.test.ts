import { describe, expect, it } from 'vitest';

import { reusableClient, withoutCredentials } from './browser-provider.js';
import type { SignInRecord } from './record.js';

const redirect = 'http://127.0.0.1:4100/oauth/callback';
const doc = 'https://gateway.example.com/client.json';

describe("a browser sign-in's client registration", () => {
  it('is used again only for the same redirect URI (a new port means a new registration)', () => {
    const registered = { client_id: 'c1', redirectUri: redirect, source: 'registered' as const };
    expect(reusableClient(registered, redirect, undefined)).toBe(registered);
    expect(reusableClient(registered, 'http://127.0.0.1:4200/oauth/callback', undefined)).toBeUndefined();
    // An older registration that did not note its redirect URI is tried.
    const unnoted = { client_id: 'c0' };
    expect(reusableClient(unnoted, redirect, undefined)).toBe(unnoted);
    expect(reusableClient(undefined, redirect, undefined)).toBeUndefined();
  });

  it('from a client metadata document is used only while that document is configured', () => {
    const fromDoc = { client_id: doc, source: 'metadata-document' as const, redirectUri: 'http://other/cb' };
    expect(reusableClient(fromDoc, redirect, doc)).toBe(fromDoc);
    expect(reusableClient(fromDoc, redirect, 'https://gateway.example.com/other.json')).toBeUndefined();
    expect(reusableClient(fromDoc, redirect, undefined)).toBeUndefined();
  });

  it('forgets what the authorization server says is no longer valid, and only that', () => {
    const record: SignInRecord = {
      v: 1,
      serverUrl: 'https://mcp.example.com/mcp',
      client: { client_id: 'c1' },
      tokens: { access_token: 'a', token_type: 'Bearer' },
      expiresAt: 10,
      issuer: 'https://as.example.com',
    };
    expect(withoutCredentials(record, 'client')).toEqual({
      v: 1,
      serverUrl: record.serverUrl,
      tokens: record.tokens,
      expiresAt: 10,
      issuer: record.issuer,
    });
    expect(withoutCredentials(record, 'tokens')).toEqual({
      v: 1,
      serverUrl: record.serverUrl,
      client: record.client,
      issuer: record.issuer,
    });
    expect(withoutCredentials(record, 'all')).toEqual({
      v: 1,
      serverUrl: record.serverUrl,
      issuer: record.issuer,
    });
    expect(withoutCredentials(record, 'verifier')).toEqual(record);
  });
});
