import { describe, expect, it } from 'vitest';

import { MAX_TIMER_MS } from '../../../src-shared/config.js';
import { parseConfigText } from './parse.js';

describe('config durations', () => {
  it('refuses a timeout a timer cannot wait (it would fire at once), naming the field and its line', () => {
    const text = `{\n  "gateway": {\n    "limits": { "maxCallMs": ${MAX_TIMER_MS + 1} }\n  }\n}\n`;
    const out = parseConfigText(text);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.problem.message).toContain('gateway.limits.maxCallMs');
      expect(out.problem.message).toContain('at most 2147483647 ms');
      expect(out.problem.line).toBe(3);
    }
  });

  it('takes the longest allowed value, and 0 where 0 means never', () => {
    const out = parseConfigText(
      JSON.stringify({
        gateway: { limits: { maxCallMs: MAX_TIMER_MS }, sleepAfterMs: 0 },
        mcpServers: { a: { command: 'x', timeout: MAX_TIMER_MS, sleepAfterMs: 0 } },
      }),
    );
    expect(out.ok).toBe(true);
  });

  it('refuses a per-server timeout above the limit too', () => {
    const out = parseConfigText(JSON.stringify({ mcpServers: { a: { command: 'x', timeout: 1e12 } } }));
    expect(out.ok).toBe(false);
  });
});

describe('a machine account (oauth.grant client_credentials)', () => {
  const parse = (oauth: Record<string, unknown>) =>
    parseConfigText(JSON.stringify({ mcpServers: { api: { url: 'https://api.example.com/mcp', oauth } } }));
  const problem = (oauth: Record<string, unknown>) => {
    const out = parse(oauth);
    return out.ok ? '' : out.problem.message;
  };

  it('takes a client id with a secret or a private key, each as a keychain reference', () => {
    const grant = 'client_credentials';
    expect(parse({ grant, clientId: 'robot', clientSecret: '${secret:robot}' }).ok).toBe(true);
    expect(
      parse({ grant, clientId: 'robot', privateKey: '${secret:key}', signingAlgorithm: 'RS256' }).ok,
    ).toBe(true);
  });

  it('refuses the secret or the key written into the file, saying how to store it', () => {
    const grant = 'client_credentials';
    expect(problem({ grant, clientId: 'robot', clientSecret: 'hunter2' })).toMatch(
      /clientSecret must be a keychain reference.*mcp-gateway secrets set/,
    );
    expect(problem({ grant, clientId: 'robot', privateKey: '-----BEGIN PRIVATE KEY-----\nMIG...' })).toMatch(
      /privateKey must be a keychain reference.*secrets set my-key < key\.pem/,
    );
  });

  it('refuses what does not fit together', () => {
    const grant = 'client_credentials';
    expect(problem({ grant, clientSecret: '${secret:robot}' })).toMatch(
      /needs the machine account's clientId/,
    );
    expect(problem({ grant, clientId: 'robot' })).toMatch(/exactly one of clientSecret .* or privateKey/);
    expect(problem({ grant, clientId: 'r', clientSecret: '${secret:a}', privateKey: '${secret:b}' })).toMatch(
      /exactly one of/,
    );
    expect(problem({ clientId: 'robot', privateKey: '${secret:key}' })).toMatch(
      /privateKey is for a machine account: add "grant": "client_credentials"/,
    );
    expect(problem({ grant, clientId: 'r', clientSecret: '${secret:a}', signingAlgorithm: 'ES256' })).toMatch(
      /signingAlgorithm goes with privateKey/,
    );
    expect(problem({ grant: 'jwt_bearer', clientId: 'w', assertion: 'eyJhbGciOi.x.y' })).toMatch(
      /assertion must be a keychain reference/,
    );
    expect(problem({ grant: 'jwt_bearer', clientId: 'w' })).toMatch(
      /exactly one of assertion .* or assertionFile/,
    );
    expect(problem({ clientId: 'w', assertionFile: '/run/token' })).toMatch(/add "grant": "jwt_bearer"/);
    expect(parse({ grant: 'jwt_bearer', clientId: 'w', assertionFile: '/run/token' }).ok).toBe(true);
    expect(problem({ grant: 'jwt_bearer', clientId: 'w', assertionFile: '/run/${secret:jwt}' })).toMatch(
      /assertionFile is a path and takes no \$\{secret:NAME\}/,
    );
    expect(problem({ clientId: 'w', issuer: 'https://login.example.com' })).toMatch(
      /issuer pins a machine account's authorization server/,
    );
    expect(
      problem({ grant, clientId: 'r', clientSecret: '${secret:a}', issuer: 'login.example.com' }),
    ).toMatch(/issuer must be the authorization server's issuer URL/);
    expect(
      parse({ grant, clientId: 'r', clientSecret: '${secret:a}', issuer: 'https://login.example.com' }).ok,
    ).toBe(true);
    expect(problem({ grant: 'password' })).toMatch(
      /mcpServers\.api\.oauth\.grant: .*"authorization_code".*"client_credentials"/,
    );
  });
});

describe('enterprise-managed authorization (oauth.enterprise)', () => {
  const parse = (oauth: Record<string, unknown>) =>
    parseConfigText(JSON.stringify({ mcpServers: { api: { url: 'https://api.example.com/mcp', oauth } } }));
  const problem = (oauth: Record<string, unknown>) => {
    const out = parse(oauth);
    return out.ok ? '' : out.problem.message;
  };
  const enterprise = {
    idpIssuer: 'https://login.example.com',
    clientId: 'gateway-at-idp',
    clientSecret: '${secret:idp}',
    idTokenFile: '${HOME}/.sso/id-token',
  };

  it('takes the IdP by issuer or token endpoint and the ID token from a file or a command', () => {
    expect(parse({ clientId: 'gw', clientSecret: '${secret:as}', enterprise }).ok).toBe(true);
    expect(
      parse({ clientId: 'gw', privateKey: '${secret:key}', issuer: 'https://as.example.com', enterprise }).ok,
    ).toBe(true);
    const { idpIssuer: _i, idTokenFile: _f, clientSecret: _s, ...rest } = enterprise;
    expect(
      parse({
        clientId: 'gw',
        enterprise: {
          ...rest,
          idpTokenEndpoint: 'https://login.example.com/token',
          idTokenCommand: ['sso', 'id-token'],
        },
      }).ok,
    ).toBe(true);
  });

  it('refuses what does not fit, saying what to write', () => {
    expect(problem({ enterprise })).toMatch(/oauth\.enterprise needs clientId/);
    expect(problem({ grant: 'client_credentials', clientId: 'gw', enterprise })).toMatch(/remove "grant"/);
    expect(problem({ clientId: 'gw', clientSecret: 'plain-secret', enterprise })).toMatch(
      /clientSecret must be a keychain reference.*secrets set/,
    );
    expect(problem({ clientId: 'gw', enterprise: { ...enterprise, clientSecret: 'plain' } })).toMatch(
      /enterprise\.clientSecret must be a keychain reference/,
    );
    expect(
      problem({ clientId: 'gw', enterprise: { ...enterprise, idpTokenEndpoint: 'https://x/token' } }),
    ).toMatch(/exactly one of idpIssuer .* or idpTokenEndpoint/);
    expect(problem({ clientId: 'gw', enterprise: { ...enterprise, idTokenCommand: ['sso'] } })).toMatch(
      /exactly one of idTokenFile .* or idTokenCommand/,
    );
    expect(
      problem({ clientId: 'gw', enterprise: { ...enterprise, idTokenFile: '/run/${secret:t}' } }),
    ).toMatch(/idTokenFile is a path and takes no \$\{secret:NAME\}/);
    expect(
      problem({ clientId: 'gw', enterprise: { ...enterprise, idpIssuer: 'login.example.com' } }),
    ).toMatch(/idpIssuer must be the identity provider's issuer URL/);
    expect(problem({ clientId: 'gw', assertionFile: '/run/t', enterprise })).toMatch(
      /assertionFile does not go with oauth\.enterprise/,
    );
  });
});
