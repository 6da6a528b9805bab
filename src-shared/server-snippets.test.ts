import { describe, expect, it } from 'vitest';

import { isSecretKey as looksSecret } from './redact.js';
import { parseSnippet, quoteArgs, suggestName } from './server-snippets.js';

describe('parseSnippet', () => {
  it('reads a full client config with several servers', () => {
    const r = parseSnippet(`{
      // Claude Desktop
      "mcpServers": {
        "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] },
        "remote": { "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer x" } },
      }
    }`);
    expect(r).toEqual({
      ok: true,
      servers: [
        { name: 'memory', config: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } },
        {
          name: 'remote',
          config: { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer x' } },
        },
      ],
    });
  });

  it('reads a bare "name": {...} pair and VS Code "servers"', () => {
    const a = parseSnippet('"fs": { "command": "node", "args": ["a.js"] },');
    expect(a.ok && a.servers[0]?.name).toBe('fs');
    const b = parseSnippet('{ "servers": { "x": { "type": "stdio", "command": "uvx", "args": ["y"] } } }');
    expect(b).toEqual({ ok: true, servers: [{ name: 'x', config: { command: 'uvx', args: ['y'] } }] });
  });

  it('says what is wrong with bad JSON and non-server entries', () => {
    const bad = parseSnippet('{ "mcpServers": { "a": ');
    expect(bad.ok).toBe(false);
    const notServer = parseSnippet('{ "mcpServers": { "a": { "foo": 1 } } }');
    expect(notServer).toEqual({ ok: false, error: expect.stringContaining('"a" has neither') as string });
  });

  it('parses claude mcp add with env and a -- command', () => {
    const r = parseSnippet(
      "claude mcp add github -e GITHUB_TOKEN='ab c' -s user -- npx -y @modelcontextprotocol/server-github",
    );
    expect(r).toEqual({
      ok: true,
      servers: [
        {
          name: 'github',
          config: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-github'],
            env: { GITHUB_TOKEN: 'ab c' },
          },
        },
      ],
    });
  });

  it('parses remote transports with headers', () => {
    const r = parseSnippet(
      'claude mcp add --transport http linear https://mcp.linear.app/mcp -H "Authorization: Bearer t"',
    );
    expect(r).toEqual({
      ok: true,
      servers: [
        {
          name: 'linear',
          config: { url: 'https://mcp.linear.app/mcp', type: 'http', headers: { Authorization: 'Bearer t' } },
        },
      ],
    });
  });

  it('rejects shell operators and missing commands', () => {
    expect(parseSnippet('claude mcp add x -- npx a | tee log').ok).toBe(false);
    expect(parseSnippet('claude mcp add x').ok).toBe(false);
    expect(parseSnippet('ls -la').ok).toBe(false);
  });
});

describe('helpers', () => {
  it('suggests names and spots secrets', () => {
    expect(suggestName({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] })).toBe(
      'memory',
    );
    expect(suggestName({ url: 'https://mcp.linear.app/sse' })).toBe('linear');
    expect(looksSecret('GITHUB_TOKEN')).toBe(true);
    expect(looksSecret('Authorization')).toBe(true);
    expect(looksSecret('DEBUG')).toBe(false);
  });
});

describe('quoteArgs', () => {
  it('round-trips through the shell parser', async () => {
    const { parse } = await import('shell-quote');
    const args = ['-y', '@scope/pkg@1.2', "it's here", '/a b/c', '${HOME}'];
    expect(parse(quoteArgs(args), (k) => `\${${k}}`)).toEqual(args);
    expect(quoteArgs(['-y', '@modelcontextprotocol/server-memory'])).toBe(
      '-y @modelcontextprotocol/server-memory',
    );
  });
});

describe('variables', () => {
  it('keeps $VAR references for the gateway to expand', () => {
    expect(parseSnippet('claude mcp add fs -- npx -y server-fs $HOME "${WORK}/x"')).toEqual({
      ok: true,
      servers: [
        { name: 'fs', config: { command: 'npx', args: ['-y', 'server-fs', '${HOME}', '${WORK}/x'] } },
      ],
    });
  });
});
