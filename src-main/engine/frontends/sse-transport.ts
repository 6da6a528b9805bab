import type { ServerResponse } from 'node:http';

import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

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

  constructor(
    readonly sessionId: string,
    private readonly res: ServerResponse,
    private readonly endpoint: string,
    private readonly keepAliveMs = 15_000,
  ) {}

  async start(): Promise<void> {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    this.res.write(`event: endpoint\ndata: ${this.endpoint}?sessionId=${this.sessionId}\n\n`);
    this.keepAlive = setInterval(() => this.res.write(': keepalive\n\n'), this.keepAliveMs);
    this.keepAlive.unref();
    this.res.on('close', () => void this.close());
  }

  /** Deliver a POSTed body (one message or a batch) to the server. */
  receive(body: unknown): void {
    const messages = Array.isArray(body) ? body : [body];
    for (const m of messages) {
      this.onmessage?.(m as JSONRPCMessage);
    }
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) {
      throw new Error('The SSE stream is closed.');
    }
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
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
