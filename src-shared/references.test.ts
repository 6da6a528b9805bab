import { describe, expect, it } from 'vitest';

import type { ServerConfig } from './config.js';
import { serverReferences } from './config.js';
import { expandedFields, parseReference, referencesOf } from './references.js';

describe('references', () => {
  it('reads secrets, env: prefixes and defaults', () => {
    expect(parseReference('secret:gh')).toEqual({ kind: 'secret', name: 'gh' });
    expect(parseReference('env:HOME')).toEqual({ kind: 'env', name: 'HOME', fallback: undefined });
    expect(parseReference('PORT:-8080')).toEqual({ kind: 'env', name: 'PORT', fallback: '8080' });
    expect(parseReference('env:X:-')).toEqual({ kind: 'env', name: 'X', fallback: '' });
  });

  it('lists the sign-in fields, the enterprise ones included', () => {
    const server = {
      url: 'https://mcp.example.test/',
      oauth: {
        clientId: '${CID}',
        enterprise: {
          idpIssuer: 'https://${IDP_HOST}/',
          clientId: 'x',
          clientSecret: '${secret:idp}',
          idTokenCommand: ['sso', '--profile', '${SSO_PROFILE:-work}'],
        },
      },
    } as ServerConfig;
    expect(expandedFields(server).map(([f]) => f)).toEqual([
      'url',
      'oauth.clientId',
      'oauth.enterprise.idpIssuer',
      'oauth.enterprise.clientId',
      'oauth.enterprise.clientSecret',
      'oauth.enterprise.idTokenCommand[0]',
      'oauth.enterprise.idTokenCommand[1]',
      'oauth.enterprise.idTokenCommand[2]',
    ]);
    expect(serverReferences(server)).toEqual(['CID', 'IDP_HOST', 'secret:idp', 'SSO_PROFILE']);
  });

  it('skips oauth: false and fields that are not set', () => {
    const server = { command: 'run', args: ['${A}'], oauth: false } as ServerConfig;
    expect(referencesOf(server)).toEqual([{ kind: 'env', name: 'A', fallback: undefined }]);
  });
});
