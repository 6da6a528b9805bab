import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { httpStatusOf, isAbort, toGatewayError } from './start-errors.js';

const options = { settings: { startTimeoutMs: 5_000, stopGraceMs: 100 } };
const quiet: { tail: string[]; lastExit: string | undefined } = { tail: [], lastExit: undefined };
const withStatus = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });

function failure(config: ServerConfig, err: unknown, extra: object = {}, log = quiet): GatewayError {
  return toGatewayError('notes', config, err, { ...options, ...extra }, log) as GatewayError;
}

describe('start errors', () => {
  it('find the HTTP status behind an error, through its causes', () => {
    expect(httpStatusOf(new Error('x', { cause: withStatus(404) }))).toBe(404);
    expect(httpStatusOf({ data: { status: 405 } })).toBe(405);
    expect(httpStatusOf(Object.assign(new Error('HTTP error'), { code: 400 }))).toBe(400);
    expect(httpStatusOf(Object.assign(new Error('other'), { code: 400 }))).toBeUndefined();
    expect(httpStatusOf('text')).toBeUndefined();
  });

  it('tell an abort by the signal or the error’s name', () => {
    const aborted = AbortSignal.abort();
    expect(isAbort(new Error('x'), aborted)).toBe(true);
    expect(isAbort(Object.assign(new Error('x'), { name: 'AbortError' }), undefined)).toBe(true);
    expect(isAbort(new Error('x'), new AbortController().signal)).toBe(false);
  });

  it('word a failed start so a person can act on it', () => {
    const stdio: ServerConfig = { command: 'notes-server' };
    const timeout = failure(
      stdio,
      new SdkError(SdkErrorCode.RequestTimeout, 'timed out'),
      {},
      {
        tail: ['booting', 'still booting'],
        lastExit: undefined,
      },
    );
    expect(timeout.code).toBe('TIMEOUT');
    expect(timeout.message).toBe(
      "server 'notes' did not complete the MCP handshake within 5000 ms ('notes-server') — stderr: booting | still booting",
    );
    const exited = failure(
      stdio,
      new SdkError(SdkErrorCode.ConnectionClosed, 'closed'),
      {},
      {
        tail: ['Error: API key missing'],
        lastExit: 'exited with code 1',
      },
    );
    expect(exited.code).toBe('BACKEND_UNREACHABLE');
    expect(exited.message).toBe(
      "server 'notes' exited with code 1 before the MCP handshake finished — stderr: Error: API key missing",
    );
    const crashed = failure(stdio, new Error('boom'));
    expect([crashed.code, crashed.message]).toEqual([
      'BACKEND_PROTOCOL',
      "server 'notes' failed to start: boom",
    ]);
  });

  it('send a refused token to sign-in, and other refusals to the configured headers', () => {
    const remote: ServerConfig = { url: 'https://example.test/mcp' };
    const signedIn = failure(remote, withStatus(401), { authFor: () => ({}) as never });
    expect(signedIn.code).toBe('SIGN_IN_REQUIRED');
    expect(signedIn.message).toContain('mcp-gateway servers login notes');
    const refused = failure(remote, withStatus(403));
    expect(refused.message).toContain('check the credentials in mcpServers.notes.headers');
    const gone = failure(remote, new TypeError('fetch failed'));
    expect(gone.message).toBe("server 'notes' at 'https://example.test/mcp' is unreachable: fetch failed");
  });

  it('keep the config’s secrets out of the message, and pass gateway errors and aborts as they are', () => {
    const remote: ServerConfig = { url: 'https://example.test/mcp?api_key=s3cr3t-value-123' };
    const answered = failure(
      remote,
      new Error('HTTP 500 for ?api_key=s3cr3t-value-123', { cause: withStatus(500) }),
    );
    expect(answered.message).toContain('answered HTTP 500');
    expect(answered.message).not.toContain('s3cr3t-value-123');
    const own = new GatewayError('ARG_REFUSED', 'refused');
    expect(failure(remote, own)).toBe(own);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(failure(remote, abort)).toBe(abort);
  });
});
