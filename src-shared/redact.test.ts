import { describe, expect, it } from 'vitest';

import {
  isSecretKey,
  isSecretReference,
  redactArgs,
  redactConfig,
  redactServerConfig,
  redactText,
  redactUrl,
  secretValues,
} from './redact.js';

describe('isSecretKey: the one rule for names', () => {
  it('matches env names, header names, flags, query keys and log fields by word', () => {
    for (const k of [
      'GITHUB_TOKEN',
      'GITHUB_PERSONAL_ACCESS_TOKEN',
      'OPENAI_API_KEY',
      'apiKey',
      'api_key',
      'x-api-key',
      'Authorization',
      'Proxy-Authorization',
      'Cookie',
      'DB_PASSWORD',
      'PGPASSWORD',
      'client_secret',
      'access_token',
      '--token',
      '--api-key',
      'key',
      'sig',
      'AWS_SECRET_ACCESS_KEY',
      'bearer',
      'PAT',
    ]) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of [
      'DEBUG',
      'PATH',
      'KEYBOARD',
      'AUTHOR',
      'BYPASS_CACHE',
      'tokens',
      'server',
      'url',
      'monkey',
    ]) {
      expect(isSecretKey(k), k).toBe(false);
    }
  });
});

describe('redactUrl', () => {
  it('hides userinfo and the values of secret-looking query keys', () => {
    expect(redactUrl('postgres://user:pw@db.example.com:5432/app')).toBe(
      'postgres://user:[redacted]@db.example.com:5432/app',
    );
    expect(redactUrl('https://tok123@example.com/mcp')).toBe('https://[redacted]@example.com/mcp');
    expect(redactUrl('https://x.example/mcp?api_key=sk-1234&region=eu&token=abc#frag')).toBe(
      'https://x.example/mcp?api_key=[redacted]&region=eu&token=[redacted]#frag',
    );
    expect(redactUrl('https://example.com/mcp')).toBe('https://example.com/mcp');
    // References say where a secret lives, not what it is.
    expect(redactUrl('https://x/?key=${secret:k}')).toBe('https://x/?key=${secret:k}');
  });
});

describe('redactArgs', () => {
  it('hides values after secret-looking flags and token-looking values', () => {
    expect(
      redactArgs([
        '-y',
        'server',
        '--api-key=sk-abcdef',
        '--token',
        'abc123',
        '--port',
        '8080',
        'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZab',
        'postgresql://me:hunter2@localhost/db',
        '--key=${secret:k}',
      ]),
    ).toEqual([
      '-y',
      'server',
      '--api-key=[redacted]',
      '--token',
      '[redacted]',
      '--port',
      '8080',
      '[redacted]',
      'postgresql://me:[redacted]@localhost/db',
      '--key=${secret:k}',
    ]);
  });
});

describe('redactServerConfig / redactConfig', () => {
  it('covers env, headers, url and args; references stay', () => {
    expect(isSecretReference('${GITHUB_TOKEN}')).toBe(true);
    expect(isSecretReference('Bearer ${secret:api}')).toBe(true);
    expect(isSecretReference('sk-${X}')).toBe(false);
    expect(
      redactServerConfig({
        url: 'https://u:p@x.example/?apikey=1',
        args: ['--password', 'pw'],
        env: { A: 'v', B: '${B}', C: '' },
        headers: { Authorization: 'Bearer abc' },
      }),
    ).toEqual({
      url: 'https://u:[redacted]@x.example/?apikey=[redacted]',
      args: ['--password', '[redacted]'],
      env: { A: '[redacted]', B: '${B}', C: '' },
      headers: { Authorization: '[redacted]' },
    });
    // OAuth credentials: a written secret, key or assertion is hidden, a keychain reference stays.
    expect(
      redactServerConfig({
        url: 'https://x.example/mcp',
        oauth: { clientId: 'robot', clientSecret: 's3cr3t', privateKey: '${secret:k}', assertion: 'eyJ.x.y' },
      }),
    ).toEqual({
      url: 'https://x.example/mcp',
      oauth: {
        clientId: 'robot',
        clientSecret: '[redacted]',
        privateKey: '${secret:k}',
        assertion: '[redacted]',
      },
    });
    // Enterprise-managed authorization: the IdP secret and the ID token command's secret arguments.
    expect(
      redactServerConfig({
        oauth: {
          enterprise: {
            clientId: 'gw',
            clientSecret: 'idp-s3cr3t',
            idTokenCommand: ['sso', '--client-secret', 'cs', 'print-id-token'],
          },
        },
      }),
    ).toEqual({
      oauth: {
        enterprise: {
          clientId: 'gw',
          clientSecret: '[redacted]',
          idTokenCommand: ['sso', '--client-secret', '[redacted]', 'print-id-token'],
        },
      },
    });
    const whole = redactConfig({ gateway: {}, mcpServers: { a: { command: 'x', args: ['--token=t'] } } });
    expect(whole).toEqual({ gateway: {}, mcpServers: { a: { command: 'x', args: ['--token=[redacted]'] } } });
  });
});

describe('secretValues and redactText', () => {
  it('finds what the expansion put in place of secret references, and removes it from texts', () => {
    const raw = {
      url: 'https://hooks.example.com/${secret:hook}/mcp?region=${REGION}',
      args: ['--db', 'postgres://u:${DB_PASSWORD}@h/db'],
      env: { X_TOKEN: 'plain-value-1' },
      headers: { Authorization: 'Bearer ${secret:api}' },
    };
    const expanded = {
      url: 'https://hooks.example.com/T0pSecretPath/mcp?region=eu',
      args: ['--db', 'postgres://u:hunter22@h/db'],
      env: { X_TOKEN: 'plain-value-1' },
      headers: { Authorization: 'Bearer sk-live-123456' },
    };
    const values = secretValues(expanded, raw);
    expect(values).toEqual(
      expect.arrayContaining(['T0pSecretPath', 'hunter22', 'plain-value-1', 'sk-live-123456']),
    );
    // ${REGION} is not a secret-looking name: its value stays readable in errors.
    expect(values).not.toContain('eu');
    const msg =
      "server 'a' at 'https://hooks.example.com/T0pSecretPath/mcp?region=eu' is unreachable: fetch failed (hunter22)";
    expect(redactText(msg, values)).toBe(
      "server 'a' at 'https://hooks.example.com/[redacted]/mcp?region=eu' is unreachable: fetch failed ([redacted])",
    );
  });

  it('redacts URLs with credentials inside free text even without known values', () => {
    expect(redactText('GET https://me:pw@x.example/a?token=abc failed', [])).toBe(
      'GET https://me:[redacted]@x.example/a?token=[redacted] failed',
    );
  });
});
