import type { Request, Response } from 'express';

import { boundedWrite } from '../frontends/index.js';
import type { Clock, Logger, TimerHandle } from '../types.js';

/** One Server-Sent Events stream: events written with a bound, keep-alive comments, one close. */
export interface SseStream {
  /** Send one event; `data` is JSON-encoded. */
  send(event: string, data: unknown, id?: string | number): void;
  /** Runs once when the client goes away or the stream is closed. */
  onClose(fn: () => void): void;
  close(): void;
  readonly closed: boolean;
}

export interface SseStreamOptions {
  clock: Clock;
  /** Interval of `: keep-alive` comments, so proxies and idle timers keep the stream open. */
  keepAliveMs: number;
  /** Bytes that may wait for a client reading slowly; beyond that it is disconnected (default 4 MiB). */
  maxBufferBytes?: () => number;
  /** Where "dropped a client that is not reading" goes. */
  logger?: Logger;
}

/** One event as SSE text: its name, its id when given, and its data as one JSON line. */
export function eventText(event: string, data: unknown, id?: string | number): string {
  const lines = [`event: ${event}`];
  if (id !== undefined) {
    lines.push(`id: ${id}`);
  }
  lines.push(`data: ${JSON.stringify(data)}`);
  return lines.join('\n') + '\n\n';
}

/** The answer's headers for an event stream, its first comment, and a socket that never times out. */
function startEventStream(req: Request, res: Response): void {
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache, no-transform');
  res.setHeader('connection', 'keep-alive');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  res.write(': connected\n\n');
  req.socket.setTimeout(0);
  req.socket.setNoDelay(true);
}

/**
 * An event stream on `res`, open until the client goes away or it is closed; `onClosed` runs
 * once then, before the stream's own `onClose` listeners.
 */
export function openSseStream(
  req: Request,
  res: Response,
  options: SseStreamOptions,
  onClosed: (stream: SseStream) => void,
): SseStream {
  startEventStream(req, res);
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
    }, options.keepAliveMs);
    timer.unref?.();
  };
  const stream: SseStream = {
    get closed() {
      return closed;
    },
    send(event, data, id) {
      if (!closed) {
        write(eventText(event, data, id));
      }
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
      onClosed(stream);
      for (const fn of closers.splice(0)) {
        fn();
      }
      res.end();
    },
  };
  schedule();
  res.on('close', () => stream.close());
  return stream;
}
