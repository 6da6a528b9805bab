import type { ServerResponse } from 'node:http';

import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

import { boundedWrite } from './http-util.js';

export interface SseTransportOptions {
  keepAliveMs?: number;
  /** Bytes that may wait for a slow client before it is dropped (default 4 MiB). */
  maxBufferBytes?: () => number;
  /** Told when a client that stopped reading is dropped (for the log line). */
  onDrop?: (waitingBytes: number) => void;
}

/**
 * The 2024-11-05 HTTP+SSE server transport (GET opens the stream and learns a POST endpoint,
 * POSTs carry client messages). The v2 server package no longer ships one; old clients still
 * speak it.
 */
export class SseServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  /** Requests received and not answered yet. */
  inFlight = 0;

  constructor(
    readonly sessionId: string,
    private readonly res: ServerResponse,
    private readonly endpoint: string,
    private readonly options: SseTransportOptions = {},
  ) {}

  async start(): Promise<void> {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    this.res.write(`event: endpoint\ndata: ${this.endpoint}?sessionId=${this.sessionId}\n\n`);
    this.keepAlive = setInterval(() => this.write(': keepalive\n\n'), this.options.keepAliveMs ?? 15_000);
    this.keepAlive.unref();
    this.res.on('close', () => void this.close());
  }

  /** Deliver a POSTed body (one message or a batch) to the server. */
  receive(body: unknown): void {
    const messages = Array.isArray(body) ? body : [body];
    for (const m of messages) {
      const msg = m as { id?: unknown; method?: unknown };
      if (msg !== null && typeof msg === 'object' && msg.id !== undefined && msg.method !== undefined) {
        this.inFlight += 1;
      }
      this.onmessage?.(m as JSONRPCMessage);
    }
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) {
      throw new Error('The SSE stream is closed.');
    }
    if ('id' in message && !('method' in message) && this.inFlight > 0) {
      this.inFlight -= 1;
    }
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** A client that stays behind is dropped instead of buffering without bound. */
  private write(chunk: string): void {
    if (this.closed) {
      return;
    }
    const limit = this.options.maxBufferBytes?.() ?? 4 * 1024 * 1024;
    const dropped = boundedWrite(this.res, chunk, limit);
    if (dropped > 0) {
      this.options.onDrop?.(dropped);
      void this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearInterval(this.keepAlive);
    this.res.end();
    this.onclose?.();
  }
}
