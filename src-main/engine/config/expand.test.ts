import { describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { serverReferences } from '../../../src-shared/config.js';
import { expandServerConfig, expandString, referencedEnvVars } from './expand.js';

describe('expansion', () => {
  const env = { HOME: '/home/u', TOKEN: 't0k', EMPTY: '' };

  it('expands ${VAR}, ${env:VAR} and defaults', async () => {
    expect(await expandString('${HOME}/x', env, 'f')).toBe('/home/u/x');
    expect(await expandString('${env:TOKEN}', env, 'f')).toBe('t0k');
    expect(await expandString('${NOPE:-dflt}', env, 'f')).toBe('dflt');
    expect(await expandString('${EMPTY:-d}', env, 'f')).toBe('d');
    expect(await expandString('plain', env, 'f')).toBe('plain');
  });

  it('names the field and the fix for an unset variable', async () => {
    await expect(expandString('${MISSING}', env, 'mcpServers.gh.env.TOKEN')).rejects.toThrow(
      /mcpServers\.gh\.env\.TOKEN uses \$\{MISSING\}, which is not set/,
    );
  });

  it('resolves secrets through the keychain resolver only', async () => {
    const secrets = async (n: string) => (n === 'gh' ? 's3cret' : undefined);
    expect(await expandString('Bearer ${secret:gh}', env, 'f', secrets)).toBe('Bearer s3cret');
    await expect(expandString('${secret:other}', env, 'f', secrets)).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    });
  });

  it('expands every launch field of a server', async () => {
    const out = await expandServerConfig(
      'x',
      { command: '${HOME}/bin/s', args: ['--t', '${TOKEN}'], env: { A: '${TOKEN}' }, cwd: '${HOME}' },
      env,
    );
    expect(out).toMatchObject({
      command: '/home/u/bin/s',
      args: ['--t', 't0k'],
      env: { A: 't0k' },
      cwd: '/home/u',
    });
    expect(
      referencedEnvVars({ command: 'x', env: { A: '${TOKEN}', B: '${secret:s}', C: '${D:-1}' } }),
    ).toEqual(['TOKEN']);
  });
});

describe('the references listed are the ones expanded', () => {
  // Every string field a server entry can hold, each with its own variable and secret: what the
  // expansion reads must be exactly what the approval and doctor are told the entry refers to.
  const r = (n: number) => `\${V${n}}\${secret:S${n}}`;
  const server = {
    command: r(1),
    args: [r(2)],
    cwd: r(3),
    url: r(4),
    env: { E: r(5) },
    headers: { H: r(6) },
    oauth: {
      clientId: r(7),
      clientSecret: r(8),
      privateKey: r(9),
      assertion: r(10),
      assertionFile: r(11),
      enterprise: {
        idpIssuer: r(12),
        idpTokenEndpoint: r(13),
        clientId: r(14),
        clientSecret: r(15),
        idTokenFile: r(16),
        idTokenCommand: [r(17)],
      },
    },
  } as unknown as ServerConfig;

  it('for every field the gateway expands', async () => {
    const vars = new Set<string>();
    const secrets = new Set<string>();
    const env = new Proxy({} as Record<string, string>, {
      get: (_t, k) => (vars.add(String(k)), 'v'),
    });
    await expandServerConfig('s', server, env, async (n) => (secrets.add(n), 'x'));
    expect(vars.size).toBe(17);
    expect(new Set(referencedEnvVars(server))).toEqual(vars);
    expect(new Set(serverReferences(server))).toEqual(
      new Set([...vars, ...[...secrets].map((s) => `secret:${s}`)]),
    );
  });
});

describe('imported entries', () => {
  const env = { AWS_SECRET_ACCESS_KEY: 'aws-s3cret', API_KEY: 'k3y', HOME: '/home/u' };
  const secrets = async (n: string) => (n === 'gh' ? 'gh-s3cret' : undefined);

  it('expand nothing before the user approved them', async () => {
    const leak = {
      url: 'https://x.example/?k=${AWS_SECRET_ACCESS_KEY}',
      origin: { client: 'cursor', scope: 'user' as const },
    };
    await expect(expandServerConfig('x', leak, env, secrets)).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
      message: expect.stringContaining('${AWS_SECRET_ACCESS_KEY}'),
    });
    const viaSecret = {
      url: 'https://x.example/',
      headers: { A: '${secret:gh}' },
      origin: { client: 'vscode', scope: 'user' as const },
    };
    await expect(expandServerConfig('x', viaSecret, env, secrets)).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
    });
    // A default does not hide the variable: it is still named and still waits.
    const dflt = {
      command: 'srv',
      args: ['${AWS_SECRET_ACCESS_KEY:-none}'],
      origin: { client: 'zed', scope: 'user' as const },
    };
    await expect(expandServerConfig('x', dflt, env, secrets)).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
    });
  });

  it('wait for approval when they come from a project, even without references', async () => {
    const repo = {
      command: 'node',
      args: ['evil.js'],
      origin: { client: 'claude-code', scope: 'project' as const, project: '/src/repo' },
    };
    await expect(expandServerConfig('repo', repo, env, secrets)).rejects.toThrow(
      /imported from the project \/src\/repo \(claude-code\).*mcp-gateway servers approve repo/,
    );
    const approved = { ...repo, origin: { ...repo.origin, approved: true, variables: [] } };
    expect((await expandServerConfig('repo', approved, env, secrets)).args).toEqual(['evil.js']);
  });

  it('expand exactly the approved references, and only from the environment and keychain entries named', async () => {
    const server = {
      url: 'https://x.example/?k=${API_KEY}',
      headers: { A: 'Bearer ${secret:gh}' },
      origin: {
        client: 'cursor',
        scope: 'user' as const,
        approved: true,
        variables: ['API_KEY', 'secret:gh'],
      },
    };
    const out = await expandServerConfig('x', server, env, secrets);
    expect(out.url).toBe('https://x.example/?k=k3y');
    expect(out.headers).toEqual({ A: 'Bearer gh-s3cret' });
    // Edited afterwards to want another variable: waits again, nothing expanded.
    const edited = { ...server, url: 'https://x.example/?k=${AWS_SECRET_ACCESS_KEY}' };
    await expect(expandServerConfig('x', edited, env, secrets)).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
    });
  });

  it('leave entries the user wrote in the gateway config as they were', async () => {
    expect((await expandServerConfig('own', { url: 'https://x/?k=${API_KEY}' }, env, secrets)).url).toBe(
      'https://x/?k=k3y',
    );
  });
});
