import type { Request, Response } from 'express';

import { GatewayError } from '../../../src-shared/errors.js';
import { openSseStream, type SseStream, type SseStreamOptions } from './sse-stream.js';

export type { SseStream } from './sse-stream.js';

/** Server-Sent Events with a cap on open streams, keep-alive comments and shutdown. */

export interface SseHub {
  /** Open a stream on `res`, or throw UNAVAILABLE when too many are open. */
  open(req: Request, res: Response): SseStream;
  readonly size: number;
  closeAll(): void;
}

export interface SseHubOptions extends Omit<SseStreamOptions, 'keepAliveMs'> {
  maxStreams: () => number;
  /** Interval of `: keep-alive` comments (default 15 s). */
  keepAliveMs?: number;
}

export function createSseHub(options: SseHubOptions): SseHub {
  const streams = new Set<SseStream>();
  const streamOptions: SseStreamOptions = { ...options, keepAliveMs: options.keepAliveMs ?? 15_000 };
  const closed = (stream: SseStream) => void streams.delete(stream);
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
      const stream = openSseStream(req, res, streamOptions, closed);
      streams.add(stream);
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
