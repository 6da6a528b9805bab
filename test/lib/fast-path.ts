/**
 * Pieces the fast path's unit tests share: its state object around a catalog, a session, and an
 * HTTP server on 127.0.0.1 whose requests the test answers itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Server } from '@modelcontextprotocol/server';

import type { Catalog } from '../../src-main/engine/catalog/index.js';
import type { FastPathState, FastSession } from '../../src-main/engine/frontends/fast-state.js';
import type { Logger } from '../../src-main/engine/types.js';
import { listen, type Listening } from './frontends.js';

export interface LoggedLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that keeps what it is given. */
export function recordingLogger(lines: LoggedLine[] = []): Logger & { lines: LoggedLine[] } {
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger as unknown as Logger & { lines: LoggedLine[] };
}

/** A fast path's shared state around `catalog`. */
export function fastState(
  catalog: Partial<Catalog>,
  options: { streamBufferBytes?: number; onToolsList?: (sessionId: string, result: string) => void } = {},
): FastPathState & { logger: Logger & { lines: LoggedLine[] } } {
  const logger = recordingLogger();
  return {
    catalog: catalog as Catalog,
    logger,
    replies: { logger, streamBufferBytes: () => options.streamBufferBytes ?? 4 * 1024 * 1024 },
    states: new Map(),
    listJson: new WeakMap(),
    onToolsList: options.onToolsList,
    askSeq: 0,
  };
}

/** A 2025-era session `s1` of the client "editor"; its Server declares `capabilities`. */
export function fastSession(
  options: { capabilities?: Record<string, unknown>; protocolVersion?: string } & Partial<FastSession> = {},
): FastSession {
  const server = {
    getClientCapabilities: () => options.capabilities ?? {},
    getNegotiatedProtocolVersion: () => options.protocolVersion ?? '2025-06-18',
  } as unknown as Server;
  return {
    id: 's1',
    server,
    scope: {},
    meta: undefined,
    clientName: () => 'editor',
    profile: undefined,
    ...options,
  };
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
}

/** An HTTP server on 127.0.0.1 that hands each request to the test, in order of arrival. */
export async function exchanges(): Promise<Listening & { next(): Promise<Exchange> }> {
  const waiting: Exchange[] = [];
  const takers: Array<(e: Exchange) => void> = [];
  const server = await listen((req, res) => {
    const e = { req, res };
    const take = takers.shift();
    if (take !== undefined) {
      take(e);
    } else {
      waiting.push(e);
    }
  });
  return {
    ...server,
    next: () => {
      const e = waiting.shift();
      return e !== undefined ? Promise.resolve(e) : new Promise((resolve) => takers.push(resolve));
    },
  };
}

/** The JSON-RPC messages of an answer body, JSON or SSE. */
export function messagesOf(contentType: string | undefined, text: string): Array<Record<string, unknown>> {
  if (contentType?.startsWith('application/json') === true) {
    return [JSON.parse(text) as Record<string, unknown>];
  }
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
}
