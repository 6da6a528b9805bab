import { PassThrough } from 'node:stream';

import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import type { Logger } from '../../engine/types.js';
import { readMessages } from './stdin-reader.js';

function recordingLogger(warnings: string[]): Logger {
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (msg) => void warnings.push(msg),
    error() {},
    child: () => logger,
  };
  return logger;
}

describe('readMessages', () => {
  it('passes on each JSON-RPC line, even split across chunks, skips other lines, and ends with stdin', async () => {
    const stdin = new PassThrough();
    const seen: JSONRPCMessage[] = [];
    const warnings: string[] = [];
    const ended = new Promise<void>((resolve) => {
      readMessages(stdin, (m) => seen.push(m), resolve, recordingLogger(warnings));
    });
    stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n{"a":1}\n{"jsonrpc":"2.0",');
    stdin.write('"method":"notifications/initialized"}\n');
    stdin.end();
    await ended;
    expect(seen).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
    ]);
    expect(warnings).toEqual(['ignored a line on stdin that is not JSON-RPC']);
  });

  it('stops passing messages on once told to', async () => {
    const stdin = new PassThrough();
    const seen: JSONRPCMessage[] = [];
    const stop = readMessages(
      stdin,
      (m) => seen.push(m),
      () => undefined,
      recordingLogger([]),
    );
    stop();
    stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
  });
});
