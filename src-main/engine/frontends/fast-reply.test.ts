import net from 'node:net';

import { ProtocolError } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';

import { GatewayError } from '../../../src-shared/errors.js';
import { exchanges, messagesOf, recordingLogger } from '../../../test/lib/fast-path.js';
import { send } from '../../../test/lib/frontends.js';
import { CallAbort } from '../call-abort.js';
import { accepted, errorMessage, Reply, resultMessage, unserialisable } from './fast-reply.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function server() {
  const http = await exchanges();
  closers.push(http.close);
  return http;
}

const replies = { logger: recordingLogger(), streamBufferBytes: () => 4 * 1024 * 1024 };

describe('fast path answers', () => {
  it('sends a result as one JSON answer with its length and the session', async () => {
    const http = await server();
    const answer = send(http.url);
    new Reply((await http.next()).res, 's1', replies).finish(resultMessage(3, '{"ok":true}'));
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(got.text)));
    expect(got.headers['mcp-session-id']).toBe('s1');
    expect(JSON.parse(got.text)).toEqual({ jsonrpc: '2.0', id: 3, result: { ok: true } });
  });

  it('turns into an SSE stream when a message goes out before the result', async () => {
    const http = await server();
    const answer = send(http.url);
    const reply = new Reply((await http.next()).res, 's1', replies);
    expect(reply.event({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info' } })).toBe(
      true,
    );
    reply.finish(resultMessage('a', '{}'));
    const got = await answer;
    expect(got.headers['content-type']).toBe('text/event-stream');
    expect(got.headers['mcp-session-id']).toBe('s1');
    expect(messagesOf(got.headers['content-type'], got.text)).toEqual([
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info' } },
      { jsonrpc: '2.0', id: 'a', result: {} },
    ]);
  });

  it('closes a cancelled request without an answer, and ignores a finish after it', async () => {
    const http = await server();
    const answer = send(http.url);
    const reply = new Reply((await http.next()).res, 's1', replies);
    reply.abandon();
    expect(reply.open).toBe(false);
    reply.finish(resultMessage(1, '{}'));
    expect(reply.event({ jsonrpc: '2.0', method: 'x' })).toBe(false);
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('text/event-stream');
    expect(got.text).toBe('');
  });

  it('drops a client that does not read its stream, cancelling the call behind it', async () => {
    const http = await server();
    const port = Number(new URL(http.url).port);
    // A client that sends its request and never reads.
    const socket = net.connect(port, '127.0.0.1');
    closers.push(async () => void socket.destroy());
    socket.pause();
    socket.write('POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 0\r\n\r\n');
    const logger = recordingLogger();
    const reply = new Reply((await http.next()).res, 's1', { logger, streamBufferBytes: () => 1024 });
    reply.call = new CallAbort();
    const big = 'x'.repeat(1024 * 1024);
    let sent = 0;
    while (reply.event({ jsonrpc: '2.0', method: 'notifications/message', params: { data: big } })) {
      sent += 1;
      expect(sent).toBeLessThan(64);
    }
    expect(reply.open).toBe(false);
    expect(reply.call.signal.aborted).toBe(true);
    expect((reply.call.signal.reason as Error).message).toContain('The client stopped reading its answer.');
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'dropped a client that is not reading its stream' }),
    ]);
  });

  it('acknowledges a message that needs no answer with 202 and no body', async () => {
    const http = await server();
    const answer = send(http.url);
    expect(accepted((await http.next()).res)).toBe(true);
    const got = await answer;
    expect(got.status).toBe(202);
    expect(got.text).toBe('');
  });
});

describe('fast path messages', () => {
  it('keeps a string id a string and a number a number', () => {
    expect(JSON.parse(resultMessage('7', '{"a":1}'))).toEqual({ jsonrpc: '2.0', id: '7', result: { a: 1 } });
    expect(JSON.parse(resultMessage(7, '[]'))).toEqual({ jsonrpc: '2.0', id: 7, result: [] });
  });

  it('passes a backend’s JSON-RPC error through with its code and data', () => {
    const msg = JSON.parse(errorMessage(1, new ProtocolError(-32042, 'backend says no', { why: 'x' })));
    expect(msg).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32042, message: 'backend says no', data: { why: 'x' } },
    });
  });

  it('gives an engine error the code clients understand, naming it in data', () => {
    const msg = JSON.parse(errorMessage(2, new GatewayError('TOOL_NOT_FOUND', 'No tool "x".')));
    expect(msg.error).toEqual({ code: -32602, message: 'No tool "x".', data: { code: 'TOOL_NOT_FOUND' } });
  });

  it('answers anything else thrown as an internal error', () => {
    expect(JSON.parse(errorMessage(3, 'boom')).error).toEqual({ code: -32603, message: 'Internal error' });
    expect(JSON.parse(errorMessage(4, new Error('broke'))).error).toEqual({ code: -32603, message: 'broke' });
  });

  it('says what to do with a result too deep to forward, and why another cannot be sent', () => {
    expect(unserialisable(new RangeError('Maximum call stack size exceeded'))).toContain('flatten it');
    expect(unserialisable(new TypeError('cyclic structure'))).toBe(
      'The server returned a result that cannot be sent as JSON: cyclic structure',
    );
  });
});
