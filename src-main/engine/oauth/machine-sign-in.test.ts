import { AuthorizationServerMismatchError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import { silentLogger } from '../telemetry/index.js';
import { explainMachineFailure } from './machine-sign-in.js';

describe('why a machine account got no token, and what to check', () => {
  const moved = new AuthorizationServerMismatchError('https://as.example.com', 'https://evil.example.com');

  it('a moved authorization server: change oauth.issuer when it is configured, else sign in again', () => {
    const configured = explainMachineFailure(
      'docs',
      { issuer: 'https://as.example.com' },
      moved,
      silentLogger,
    );
    expect(configured.code).toBe('SIGN_IN_FAILED');
    expect(configured.message).toContain('mcpServers.docs.oauth.issuer is https://as.example.com');
    expect(configured.message).toContain('change oauth.issuer');
    const learned = explainMachineFailure('docs', { grant: 'client_credentials' }, moved, silentLogger);
    expect(learned.message).toContain('got its tokens from https://as.example.com');
    expect(learned.message).toContain('mcp-gateway servers logout docs');
  });

  it('names the account and what to check for its grant', () => {
    const refused = new Error('invalid_client');
    const secret = explainMachineFailure(
      'docs',
      { grant: 'client_credentials', clientId: 'robot' },
      refused,
      silentLogger,
    );
    expect(secret.message).toMatch(/^the machine account 'robot' could not get a token: .*invalid_client/);
    expect(secret.message).toContain('the keychain secret behind clientSecret or privateKey');
    const workload = explainMachineFailure(
      'docs',
      { grant: 'jwt_bearer', clientId: 'wl' },
      refused,
      silentLogger,
    );
    expect(workload.message).toContain('assertion or assertionFile (the workload JWT)');
  });

  it("enterprise: the identity provider's refusal as it is, the authorization server's with what to check", () => {
    const enterprise = { enterprise: { clientId: 'gw', idpIssuer: 'https://idp.example.com' } } as const;
    const atIdp = new GatewayError(
      'SIGN_IN_FAILED',
      'the identity provider refused the ID token: run your SSO login',
    );
    expect(explainMachineFailure('docs', enterprise, atIdp, silentLogger).message).toBe(
      "enterprise sign-in to 'docs' failed: the identity provider refused the ID token: run your SSO login",
    );
    const atAs = explainMachineFailure('docs', enterprise, new Error('invalid_grant'), silentLogger);
    expect(atAs.message).toMatch(
      /^enterprise sign-in to 'docs' failed at its authorization server: .*invalid_grant/,
    );
    expect(atAs.message).toContain('Check mcpServers.docs.oauth (clientId');
  });
});
