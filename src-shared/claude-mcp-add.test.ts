import { describe, expect, it } from 'vitest';

import { parseClaudeMcpAdd } from './claude-mcp-add.js';

const error = (text: string): string | undefined => {
  const r = parseClaudeMcpAdd(text);
  return r.ok ? undefined : r.error;
};

describe('parseClaudeMcpAdd', () => {
  it('reads a local command with its variables, in short, long and inline forms', () => {
    expect(
      parseClaudeMcpAdd(
        'claude mcp add -s user gh -e A=1 --env B=x=y --env=C= -- npx -y "@scope/pkg" --flag',
      ),
    ).toEqual({
      ok: true,
      servers: [
        {
          name: 'gh',
          config: { command: 'npx', args: ['-y', '@scope/pkg', '--flag'], env: { A: '1', B: 'x=y', C: '' } },
        },
      ],
    });
    expect(parseClaudeMcpAdd('mcp add --scope=project m node server.js')).toEqual({
      ok: true,
      servers: [{ name: 'm', config: { command: 'node', args: ['server.js'] } }],
    });
  });

  it('reads a remote server with its transport and headers; variables of a remote one are not kept', () => {
    expect(
      parseClaudeMcpAdd(
        'add -t sse s https://x.test/sse -H "Authorization: Bearer ${TOKEN}" --header=X-A:b -e K=v',
      ),
    ).toEqual({
      ok: true,
      servers: [
        {
          name: 's',
          config: {
            url: 'https://x.test/sse',
            type: 'sse',
            headers: { Authorization: 'Bearer ${TOKEN}', 'X-A': 'b' },
          },
        },
      ],
    });
    expect(parseClaudeMcpAdd('add --transport=http h https://x.test/mcp')).toMatchObject({
      servers: [{ config: { url: 'https://x.test/mcp', type: 'http' } }],
    });
    expect(parseClaudeMcpAdd('add u -- https://x.test/mcp')).toEqual({
      ok: true,
      servers: [{ name: 'u', config: { url: 'https://x.test/mcp' } }],
    });
  });

  it('says what to write instead for each mistake', () => {
    expect(error('npx -y pkg')).toBe('Expected a command like: claude mcp add NAME -- npx -y package');
    expect(error('claude mcp add a -- x | y')).toBe(
      'The command contains shell operators (|, >, &&, ...). Paste a single command.',
    );
    expect(error('add -e NOVALUE a -- x')).toBe('-e needs KEY=value (got "NOVALUE")');
    expect(error('add a -- x -e')).toBeUndefined();
    expect(error('add a -e')).toBe('-e needs KEY=value (got "")');
    expect(error('add -H nocolon a https://x.test')).toBe('--header needs "Name: value" (got "nocolon")');
    expect(error('add --verbose a -- x')).toBe('Unknown option --verbose');
    expect(error('add')).toBe('The command has no server name: claude mcp add NAME -- command');
    expect(error('add a')).toBe('Nothing to run for "a": add "-- command args" or a URL.');
    expect(error('add a --')).toBe('Nothing to run for "a": add "-- command args" or a URL.');
    expect(error('add -t http a npx pkg')).toBe('--transport http needs a URL after the name');
  });

  it('keeps an option after the name as an argument of the command', () => {
    expect(parseClaudeMcpAdd('add a node --inspect x.js')).toEqual({
      ok: true,
      servers: [{ name: 'a', config: { command: 'node', args: ['--inspect', 'x.js'] } }],
    });
  });
});
