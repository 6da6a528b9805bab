import type { Request, Response } from 'express';

import { GatewayError } from '../../../src-shared/errors.js';
import { boundedWrite } from '../frontends/index.js';
import type { Clock, Logger, TimerHandle } from '../types.js';

/** Server-Sent Events with a cap on open streams, keep-alive comments and shutdown. */

export interface SseStream {
  /** Send one event; `data` is JSON-encoded. */
  send(event: string, data: unknown, id?: string | number): void;
  /** Runs once when the client goes away or the stream is closed. */
  onClose(fn: () => void): void;
  close(): void;
  readonly closed: boolean;
}

export interface SseHub {
  /** Open a stream on `res`, or throw UNAVAILABLE when too many are open. */
  open(req: Request, res: Response): SseStream;
  readonly size: number;
  closeAll(): void;
}

export interface SseHubOptions {
  clock: Clock;
  maxStreams: () => number;
  /** Interval of `: keep-alive` comments, so proxies and idle timers keep the stream open. */
  keepAliveMs?: number;
  /** Bytes that may wait for a client reading slowly; beyond that it is disconnected (default 4 MiB). */
  maxBufferBytes?: () => number;
  /** Where "dropped a client that is not reading" goes. */
  logger?: Logger;
}

export function createSseHub(options: SseHubOptions): SseHub {
  const streams = new Set<SseStream>();
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  return {
    get size() {
      return streams.size;
    },
    open(req, res) {
      const max = options.maxStreams();
      if (streams.size >= max) {
        throw new GatewayError(
          'UNAVAILABLE',
          `too many live streams are open (${max}): close another gateway window or raise gateway.limits.maxSseStreams`,
        );
      }
      res.status(200);
      res.setHeader('content-type', 'text/event-stream; charset=utf-8');
      res.setHeader('cache-control', 'no-cache, no-transform');
      res.setHeader('connection', 'keep-alive');
      res.setHeader('x-accel-buffering', 'no');
      res.flushHeaders();
      res.write(': connected\n\n');
      req.socket.setTimeout(0);
      req.socket.setNoDelay(true);

      let closed = false;
      const closers: (() => void)[] = [];
      let timer: TimerHandle | undefined;
      // A client that stays behind is disconnected instead of buffering without bound.
      const write = (chunk: string) => {
        const limit = options.maxBufferBytes?.() ?? 4 * 1024 * 1024;
        const dropped = boundedWrite(res, chunk, limit);
        if (dropped > 0) {
          options.logger?.warn('dropped a client that is not reading its stream', {
            path: req.originalUrl.split('?')[0],
            waitingBytes: dropped,
            limit,
          });
          stream.close();
        }
      };
      const schedule = () => {
        timer = options.clock.setTimeout(() => {
          if (!closed) {
            write(': keep-alive\n\n');
            schedule();
          }
        }, keepAliveMs);
        timer.unref?.();
      };
      const stream: SseStream = {
        get closed() {
          return closed;
        },
        send(event, data, id) {
          if (closed) {
            return;
          }
          const lines = [`event: ${event}`];
          if (id !== undefined) {
            lines.push(`id: ${id}`);
          }
          lines.push(`data: ${JSON.stringify(data)}`);
          write(lines.join('\n') + '\n\n');
        },
        onClose(fn) {
          if (closed) {
            fn();
          } else {
            closers.push(fn);
          }
        },
        close() {
          if (closed) {
            return;
          }
          closed = true;
          options.clock.clearTimeout(timer);
          streams.delete(stream);
          for (const fn of closers.splice(0)) {
            fn();
          }
          res.end();
        },
      };
      streams.add(stream);
      schedule();
      res.on('close', () => stream.close());
      return stream;
    },
    closeAll() {
      for (const s of [...streams]) {
        s.close();
      }
    },
  };
}

/** The `Last-Event-ID` header (or `lastEventId` query) as a number, if valid. */
export function lastEventId(req: Request): number | undefined {
  const raw =
    req.headers['last-event-id'] ??
    (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim())) {
    return undefined;
  }
  return Number(raw.trim());
}
