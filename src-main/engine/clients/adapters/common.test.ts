import { describe, expect, it } from 'vitest';

import type { ReadEntry } from '../types.js';
import { readStandard } from './common.js';

/** Why an entry was skipped (undefined when it was read). */
const skipped = (e: ReadEntry): string | undefined => ('skipped' in e ? e.skipped : undefined);
/** The notes of an entry read (undefined when it was skipped). */
const notes = (e: ReadEntry): string[] | undefined => ('notes' in e ? e.notes : undefined);

describe('reading the common "mcpServers" dialect', () => {
  it('reads a command entry: the command out of "cmd /c", its arguments, env and folder', () => {
    const raw = {
      command: 'cmd',
      args: ['/c', 'npx', '-y', 'pkg'],
      env: { A: '1' },
      cwd: '/w',
      description: 'd',
    };
    expect(readStandard('fs', raw)).toEqual({
      name: 'fs',
      raw,
      config: { command: 'npx', args: ['-y', 'pkg'], env: { A: '1' }, cwd: '/w', description: 'd' },
      notes: ['"cmd /c" removed: the gateway starts Windows launchers (npx, uvx) itself'],
    });
    expect(readStandard('fs', { command: 'node', args: [], env: {}, cwd: '' }).config).toEqual({
      command: 'node',
    });
  });

  it('reads a URL entry: its type, the key or the default transport, headers here or under requestOptions', () => {
    const options = {
      urlKeys: [{ key: 'serverUrl', type: 'sse' as const }, { key: 'url' }],
      untypedUrl: 'http' as const,
    };
    expect(
      readStandard('r', { type: 'streamable-http', url: 'https://a/mcp', headers: { H: 'v' } }).config,
    ).toEqual({
      url: 'https://a/mcp',
      type: 'http',
      headers: { H: 'v' },
    });
    expect(readStandard('r', { serverUrl: 'https://b/sse' }, options).config).toEqual({
      url: 'https://b/sse',
      type: 'sse',
    });
    expect(
      readStandard('r', { url: 'https://c', requestOptions: { headers: { K: 'x' } } }, options).config,
    ).toEqual({
      url: 'https://c',
      type: 'http',
      headers: { K: 'x' },
    });
  });

  it('takes the remote server of an mcp-remote proxy instead of the proxy', () => {
    const raw = { command: 'npx', args: ['-y', 'mcp-remote', 'https://r/mcp', '--transport', 'sse-only'] };
    const read = readStandard('remote', raw);
    expect(read.config).toEqual({ url: 'https://r/mcp', type: 'sse' });
    expect(notes(read)?.[0]).toMatch(/^"mcp-remote" replaced/);
  });

  it('carries the disabled flag as the client spells it, and says what is not carried over, in order', () => {
    const raw = {
      command: 'x',
      args: ['${workspaceFolder}/a', '${input:key}'],
      disabled: true,
      envFile: '.env',
      headersHelper: 'h',
      oauth: {},
      alwaysAllow: ['t'],
    };
    const read = readStandard('s', raw, {
      disabledKey: 'disabled',
      dropped: { alwaysAllow: 'alwaysAllow dropped' },
    });
    expect(read.config?.disabled).toBe(true);
    expect(notes(read)?.map((n) => n.slice(0, 20))).toEqual([
      '"envFile" is not imp',
      '"headersHelper" is n',
      'OAuth settings are n',
      'alwaysAllow dropped',
      'uses VS Code ${input',
      'uses editor variable',
    ]);
    expect(
      readStandard('s', { command: 'x', enabled: false }, { enabledKey: 'enabled' }).config?.disabled,
    ).toBe(true);
    expect(
      readStandard('s', { command: 'x', enabled: true }, { enabledKey: 'enabled' }).config?.disabled,
    ).toBeUndefined();
  });

  it('skips what the gateway cannot start, saying why', () => {
    expect(skipped(readStandard('s', 'text'))).toBe('the entry is not an object');
    expect(skipped(readStandard('s', { type: 'pigeon', url: 'x' }))).toBe('unknown transport type "pigeon"');
    expect(skipped(readStandard('s', { type: 'ws', url: 'ws://x' }))).toMatch(/WebSocket/);
    expect(skipped(readStandard('s', { command: '  ' }))).toMatch(/no command and no URL/);
  });
});
