import { describe, expect, it } from 'vitest';

import { ServerConfigSchema } from '../../../../src-shared/config.js';
import { fromMcpRemote, readStandard } from './common.js';

describe('remote servers a client signs in to, imported as gateway servers that ask for sign-in', () => {
  it('turns an `npx mcp-remote URL` wrapper (Claude Desktop) into a remote entry', () => {
    const read = readStandard('linear', {
      command: 'npx',
      args: [
        '-y',
        'mcp-remote@0.1.30',
        'https://mcp.linear.app/sse',
        '--header',
        'X-Team: core',
        '--transport',
        'sse-only',
      ],
    });
    expect(read.config).toEqual({
      url: 'https://mcp.linear.app/sse',
      type: 'sse',
      headers: { 'X-Team': 'core' },
    });
    expect('notes' in read ? read.notes.join(' ') : '').toMatch(/mcp-remote.*signs in once for every client/);
    // No static Authorization header: the gateway signs in with OAuth.
    expect(ServerConfigSchema.parse(read.config).oauth).toBeUndefined();
  });

  it('also through cmd /c on Windows and when mcp-remote is run directly', () => {
    expect(
      readStandard('n', { command: 'cmd', args: ['/c', 'npx', 'mcp-remote', 'https://mcp.notion.com/mcp'] })
        .config,
    ).toEqual({
      url: 'https://mcp.notion.com/mcp',
    });
    expect(fromMcpRemote({ command: '/usr/local/bin/mcp-remote', args: ['https://x.example/mcp'] })).toEqual({
      url: 'https://x.example/mcp',
    });
  });

  it('keeps a `url` entry (Claude Code, Cursor) as a remote server and leaves other commands alone', () => {
    expect(readStandard('sentry', { type: 'http', url: 'https://mcp.sentry.dev/mcp' }).config).toEqual({
      url: 'https://mcp.sentry.dev/mcp',
      type: 'http',
    });
    expect(
      readStandard('mem', { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] }).config,
    ).toEqual({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-memory'],
    });
    expect(fromMcpRemote({ command: 'npx', args: ['-y', 'mcp-remote'] })).toBeUndefined();
  });
});
