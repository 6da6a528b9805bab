import { SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import { silentLogger } from '../telemetry/index.js';
import { StdioChildTransport } from './stdio-transport.js';
import { remoteOpener, stdioOpener } from './transport-openers.js';

describe('transport openers', () => {
  it('open Streamable HTTP, or SSE where the config or the fallback asks for it', () => {
    const url = 'http://127.0.0.1:9/mcp';
    const auto = remoteOpener('r', { url }, 'auto', undefined);
    expect(auto('http')).toBeInstanceOf(StreamableHTTPClientTransport);
    expect(auto('sse')).toBeInstanceOf(SSEClientTransport);
    const sse = remoteOpener('r', { url, type: 'sse' }, 'sse', undefined);
    expect(sse('sse')).toBeInstanceOf(SSEClientTransport);
    expect(sse('http')).toBeInstanceOf(StreamableHTTPClientTransport);
  });

  it('refuse a URL that does not parse, without showing its secrets', () => {
    const url = 'not a url?token=s3cr3t-abcdef-123456';
    let error: unknown;
    try {
      remoteOpener('r', { url, env: { TOKEN: 's3cr3t-abcdef-123456' } }, 'auto', undefined);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('CONFIG_INVALID');
    expect((error as GatewayError).message).toContain('mcpServers.r.url is not a valid URL');
    expect((error as GatewayError).message).not.toContain('s3cr3t-abcdef-123456');
  });

  it('plan a stdio child once, under the command policy, and give a new transport for each start', async () => {
    let asked = 0;
    const options = {
      hooks: { capabilities: () => ({}), prepare: () => undefined },
      logger: silentLogger,
      settings: { startTimeoutMs: 5_000, stopGraceMs: 100 },
      loginShellPath: () => Promise.resolve((asked += 1) > 0 ? '/opt/login/bin' : undefined),
    };
    const node = process.execPath;
    const open = await stdioOpener('notes', { command: node, args: ['server.js'] }, options, () => undefined);
    const first = open('stdio');
    expect(first).toBeInstanceOf(StdioChildTransport);
    expect(open('stdio')).not.toBe(first);
    expect(asked).toBe(process.platform === 'win32' ? 0 : 1);
    // A server that sets its own PATH does not get the login shell's.
    await stdioOpener('notes', { command: node, env: { PATH: '/usr/bin' } }, options, () => undefined);
    expect(asked).toBe(process.platform === 'win32' ? 0 : 1);
    await expect(
      stdioOpener('notes', { command: node, args: ['-e', 'code'] }, options, () => undefined),
    ).rejects.toMatchObject({ code: 'ARG_REFUSED' });
  });
});
