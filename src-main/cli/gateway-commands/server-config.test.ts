import { describe, expect, it } from 'vitest';

import { buildServerConfig, collect, parseEnvPairs, parseHeaders } from './server-config.js';

describe('buildServerConfig', () => {
  it('makes a stdio entry from the command after --, with its env, folder and note', () => {
    expect(
      buildServerConfig(['npx', '-y', 'pkg'], {
        env: ['A=1', 'B=x=y'],
        cwd: '/tmp',
        disabled: true,
        description: 'notes',
      }),
    ).toEqual({
      command: 'npx',
      args: ['-y', 'pkg'],
      env: { A: '1', B: 'x=y' },
      cwd: '/tmp',
      disabled: true,
      description: 'notes',
    });
    expect(buildServerConfig(['run'], { type: 'stdio' })).toEqual({ command: 'run' });
  });

  it('makes a remote entry from --url, with its transport and headers', () => {
    expect(
      buildServerConfig([], {
        url: 'https://x.test/mcp',
        type: 'sse',
        header: ['Authorization: Bearer ${secret:t}'],
      }),
    ).toEqual({ url: 'https://x.test/mcp', type: 'sse', headers: { Authorization: 'Bearer ${secret:t}' } });
  });

  it('refuses mixed or missing ways to start, each with what to write instead', () => {
    expect(() => buildServerConfig(['npx'], { url: 'https://x' })).toThrow(
      'either a command (after --) or --url',
    );
    expect(() => buildServerConfig([], {})).toThrow('say how to start the server');
    expect(() => buildServerConfig(['npx'], { header: ['A: b'] })).toThrow(
      '--header applies to remote servers',
    );
    expect(() => buildServerConfig(['npx'], { type: 'http' })).toThrow('--type http needs --url');
  });
});

describe('pairs', () => {
  it('reads KEY=VALUE and "Name: value", and says how to write them', () => {
    expect(parseEnvPairs(['K=']).K).toBe('');
    expect(() => parseEnvPairs(['=v'])).toThrow('-e "=v": use KEY=VALUE');
    expect(parseHeaders(['  X-Key :  v:1 '])).toEqual({ 'X-Key': 'v:1' });
    expect(() => parseHeaders(['nocolon'])).toThrow('--header "nocolon": use "Name: value"');
    expect(collect('b', collect('a'))).toEqual(['a', 'b']);
  });
});
