import { describe, expect, it } from 'vitest';

import { buildConfig, type Draft, draftFrom, EMPTY_DRAFT, firstProblem } from './draft.js';

const stdio = (d: Partial<Draft>): Draft => ({ ...EMPTY_DRAFT, name: 'memory', command: 'npx', ...d });

describe('add-server draft', () => {
  it('fills the form from a pasted server, suggesting a name when it has none', () => {
    expect(
      draftFrom({
        name: 'gh',
        config: { command: 'npx', args: ['-y', 'a b'], env: { TOKEN: 'x' }, cwd: '/w', description: 'd' },
      }),
    ).toEqual({
      ...EMPTY_DRAFT,
      name: 'gh',
      command: 'npx',
      args: "-y 'a b'",
      cwd: '/w',
      env: [{ key: 'TOKEN', value: 'x' }],
      description: 'd',
    });
    const remote = draftFrom({ name: '', config: { url: 'https://x.test/mcp', type: 'streamable-http' } });
    expect(remote).toMatchObject({ kind: 'remote', url: 'https://x.test/mcp', type: 'http' });
    expect(remote.name).not.toBe('');
    expect(draftFrom({ name: 's', config: { url: 'https://x.test/sse', type: 'sse' } }).type).toBe('sse');
    expect(draftFrom({ name: 's', config: { url: 'https://x.test/mcp' } }).type).toBe('auto');
  });

  it('builds a local command config, keeping $VAR as ${VAR} for the gateway to expand', () => {
    const r = buildConfig(
      stdio({
        args: '-y pkg --dir $HOME',
        env: [{ key: 'A', value: '1' }],
        cwd: ' /tmp ',
        description: ' x ',
      }),
      [],
    );
    expect(r).toEqual({
      config: {
        command: 'npx',
        args: ['-y', 'pkg', '--dir', '${HOME}'],
        env: { A: '1' },
        cwd: '/tmp',
        description: 'x',
      },
      errors: {},
    });
  });

  it('says what is wrong with each field', () => {
    expect(buildConfig(stdio({ name: '' }), []).errors.name).toBe('Give the server a name, e.g. "github".');
    expect(buildConfig(stdio({ name: '-bad' }), []).errors.name).toMatch(/^Use letters, digits/);
    expect(buildConfig(stdio({ name: ' memory ' }), ['memory']).errors.name).toBe(
      'A server named "memory" already exists. Pick another name.',
    );
    expect(buildConfig(stdio({ command: ' ' }), []).errors.command).toMatch(/^Enter the program to run/);
    expect(buildConfig(stdio({ command: 'npx -y pkg' }), []).errors.command).toMatch(/^Put only the program/);
    expect(buildConfig(stdio({ args: 'a | b' }), []).errors.args).toMatch(/shell operators/);
    const remote = buildConfig({ ...EMPTY_DRAFT, name: 'r', kind: 'remote' }, []);
    expect(remote.config).toBeUndefined();
    expect(remote.errors.url).toBe('Enter the server URL, e.g. https://example.com/mcp.');
    expect(firstProblem(remote.errors)).toBe('Enter the server URL, e.g. https://example.com/mcp.');
    expect(firstProblem({})).toBe('not valid');
  });

  it('builds a remote config with its transport and headers', () => {
    const d: Draft = {
      ...EMPTY_DRAFT,
      name: 'r',
      kind: 'remote',
      url: ' https://x.test/mcp ',
      type: 'sse',
      headers: [{ key: 'Authorization', value: 'Bearer t' }],
    };
    expect(buildConfig(d, []).config).toEqual({
      url: 'https://x.test/mcp',
      type: 'sse',
      headers: { Authorization: 'Bearer t' },
    });
    expect(buildConfig({ ...d, type: 'auto', headers: [] }, []).config).toStrictEqual({
      url: 'https://x.test/mcp',
    });
  });
});
