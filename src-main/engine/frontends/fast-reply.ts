import type { ServerResponse } from 'node:http';

import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import { errorText } from '../../../src-shared/values.js';
import type { CallAbort } from '../call-abort.js';
import { createDeadlineSweep } from '../deadline-sweep.js';
import type { Logger } from '../types.js';
import type { JsonRpcId } from './fast-state.js';
import { toProtocolError } from './handlers.js';
import { boundedWrite } from './http-util.js';

/**
 * A call still running after this long gets its answer headers (as an SSE stream) at once and a
 * keep-alive comment every `KEEP_ALIVE_MS`, as on the SDK path: HTTP clients give up on a
 * response whose headers or bytes do not come for minutes (Node's fetch: 300 s).
 */
export const STREAM_AFTER_MS = 1_000;
export const KEEP_ALIVE_MS = 15_000;
const streamDelays = createDeadlineSweep();

/** What every reply shares (one object per fast path, so a reply allocates nothing for it). */
export interface ReplyContext {
  logger: Logger;
  streamBufferBytes: () => number;
}

export function errorMessage(id: JsonRpcId, err: unknown): string {
  const e = toProtocolError(err) as { code?: unknown; message?: unknown; data?: unknown };
  const code = Number.isSafeInteger(e.code) ? (e.code as number) : ProtocolErrorCode.InternalError;
  const error: Record<string, unknown> = {
    code,
    message: typeof e.message === 'string' ? e.message : 'Internal error',
  };
  if (e.data !== undefined) {
    error['data'] = e.data;
  }
  return JSON.stringify({ jsonrpc: '2.0', id, error });
}

/** The error a client gets for a result the gateway cannot serialise. */
export function unserialisable(err: unknown): string {
  return err instanceof RangeError
    ? 'The server returned a result too deeply nested to forward; ask its author to flatten it.'
    : `The server returned a result that cannot be sent as JSON: ${errorText(err)}`;
}

export function resultMessage(id: JsonRpcId, resultJson: string): string {
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${resultJson}}`;
}

/** A message that needs no answer (a notification, a client's response): 202, no body. */
export function accepted(res: ServerResponse): true {
  res.writeHead(202).end();
  return true;
}

/**
 * One POST's answer: plain JSON unless something has to be sent before the result, in which case
 * it becomes an SSE stream (headers are only written when the first message goes out).
 */
export class Reply {
  private streaming = false;
  /** Cancels the wait for STREAM_AFTER_MS (one sweep timer for every reply, see deadline-sweep.ts). */
  private waiting: (() => void) | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  /** Aborted when the client is dropped for not reading (the call is then cancelled upstream). */
  call: CallAbort | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly sessionId: string,
    private readonly ctx: ReplyContext,
  ) {}

  /** A streamed write that keeps the client's buffer bounded (see boundedWrite). */
  private write(chunk: string): boolean {
    const dropped = boundedWrite(this.res, chunk, this.ctx.streamBufferBytes());
    if (dropped === 0) {
      return true;
    }
    this.stop();
    this.ctx.logger.warn('dropped a client that is not reading its stream', {
      session: this.sessionId,
      waitingBytes: dropped,
      limit: this.ctx.streamBufferBytes(),
    });
    this.call?.abort(
      new ProtocolError(ProtocolErrorCode.InternalError, 'The client stopped reading its answer.'),
    );
    return false;
  }

  get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  /** A long call: send the headers now (as a stream) and keep the connection alive until the answer. */
  streamLater(): void {
    this.waiting = streamDelays.after(STREAM_AFTER_MS, () => {
      this.waiting = undefined;
      if (this.stream()) {
        this.keepAlive = setInterval(() => {
          if (this.open) {
            this.write(': keepalive\n\n');
          } else {
            this.stop();
          }
        }, KEEP_ALIVE_MS);
      }
    });
  }

  private stop(): void {
    if (this.waiting !== undefined) {
      this.waiting();
      this.waiting = undefined;
    }
    if (this.keepAlive !== undefined) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }

  /** Switch the answer to SSE (headers out now); false when the response is already gone. */
  private stream(): boolean {
    if (!this.open) {
      return false;
    }
    if (!this.streaming) {
      this.res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'mcp-session-id': this.sessionId,
      });
      this.streaming = true;
    }
    return true;
  }

  /** Send a message ahead of the result (switches the answer to SSE). */
  event(message: Record<string, unknown>): boolean {
    if (!this.stream()) {
      return false;
    }
    return this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  finish(json: string): void {
    this.stop();
    if (!this.open) {
      return;
    }
    if (this.streaming) {
      this.res.end(`event: message\ndata: ${json}\n\n`);
      return;
    }
    // Encoded once: its length and the bytes written (a long list is not scanned twice).
    const body = Buffer.from(json);
    this.res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': body.length,
      'mcp-session-id': this.sessionId,
    });
    this.res.end(body);
  }

  /** A cancelled request gets no answer: close the POST without one. */
  abandon(): void {
    this.stop();
    if (!this.open) {
      return;
    }
    if (!this.streaming) {
      this.res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'mcp-session-id': this.sessionId,
      });
    }
    this.res.end();
  }
}
