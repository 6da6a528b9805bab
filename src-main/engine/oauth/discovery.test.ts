import { afterAll, describe, expect, it } from 'vitest';

import { type OAuthFixture, startOAuthServer } from '../../../test/fixtures/servers/oauth-server.mjs';
import { discover, resourceOf, revocationEndpointOf } from './discovery.js';
import { allowedScopeFor, createGuardedFetch } from './url-safety.js';

describe('the resource the tokens are asked for', () => {
  const server = new URL('https://mcp.example.com/mcp');

  it("is the server's canonical URL when it publishes no resource metadata", () => {
    expect(resourceOf(server, undefined)).toBe('https://mcp.example.com/mcp');
  });

  it("is the metadata's resource exactly as published when it covers the server", () => {
    // A bare origin keeps no trailing slash: `https://mcp.example.com/` is another identifier.
    expect(resourceOf(server, 'https://mcp.example.com')).toBe('https://mcp.example.com');
    expect(resourceOf(server, 'https://mcp.example.com/mcp')).toBe('https://mcp.example.com/mcp');
  });

  it('is refused when the metadata names a resource that does not cover the server', () => {
    expect(() => resourceOf(server, 'https://other.example.com/mcp')).toThrow(/does not cover/);
    expect(() => resourceOf(server, 'https://mcp.example.com/other')).toThrow(/does not cover/);
  });

  it('finds the revocation endpoint only when it is a string', () => {
    expect(revocationEndpointOf({ revocation_endpoint: 'https://as.example.com/revoke' })).toBe(
      'https://as.example.com/revoke',
    );
    expect(revocationEndpointOf({ revocation_endpoint: 7 })).toBeUndefined();
    expect(revocationEndpointOf(undefined)).toBeUndefined();
  });
});

describe('metadata discovery against a real authorization server', () => {
  const fixtures: OAuthFixture[] = [];
  afterAll(async () => {
    await Promise.all(fixtures.map((f) => f.close()));
  });
  const run = async (options: Parameters<typeof startOAuthServer>[0]) => {
    const fx = await startOAuthServer(options);
    fixtures.push(fx);
    const url = new URL(fx.url);
    const allowed = allowedScopeFor(url);
    return discover('docs', url, { fetchFn: createGuardedFetch({ allowed }), allowed, challenge: undefined });
  };

  it('finds the authorization server and its metadata through the protected-resource metadata', async () => {
    const found = await run({});
    expect(found.authorizationServerMetadata?.code_challenge_methods_supported).toContain('S256');
    expect(found.authorizationServerUrl).toContain('127.0.0.1');
    expect(found.resourceMetadata?.resource).toBeDefined();
  });

  it('refuses an authorization server that does not advertise PKCE', async () => {
    await expect(run({ noPkce: true })).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringContaining('does not advertise PKCE with S256') as unknown,
    });
  });

  it('refuses a server with no metadata at all, saying what to do instead', async () => {
    await expect(run({ noMetadata: true })).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringContaining('mcpServers.docs.headers') as unknown,
    });
  });
});
