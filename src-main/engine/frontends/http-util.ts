import type { IncomingMessage, ServerResponse } from 'node:http';

import { createDeadlineSweep } from '../deadline-sweep.js';
import type { EarlyBody } from '../early/index.js';
import type { Clock, Logger } from '../types.js';

/** A JSON-RPC error answer with no id (the request may not even have parsed). */
export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers?: Record<string, string>,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * How deep JSON may nest in anything the gateway parses from a client. Far above what any MCP
 * message needs, far below what recursive code (schema checks, JSON.stringify, structuredClone)
 * can walk before the stack runs out.
 */
export const MAX_JSON_DEPTH = 128;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests deeper than `max`: one pass over the characters, skipping strings.
 * Text shorter than `max` cannot, so most messages are not even scanned.
 */
function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length <= max) {
    return false;
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        i++;
      } else if (c === QUOTE) {
        inString = false;
      }
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) {
        return true;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Whether a parsed value nests deeper than `max` (iterative: it must not overflow itself). */
export function valueTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (d > max) {
      return true;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) {
      if (typeof child === 'object' && child !== null) {
        stack.push([child, d + 1]);
      }
    }
  }
  return false;
}

function tooDeepMessage(max = MAX_JSON_DEPTH): string {
  return `Parse error: the JSON is nested more than ${max} levels deep; send a flatter message.`;
}

/**
 * Reads request bodies, and answers 408 to one that does not arrive in time (a client that
 * sends its headers and then trickles the body holds a connection and a session slot). The
 * deadlines share one timer (deadline-sweep.ts): a read only adds an entry to a set.
 */
export interface BodyReader {
  /** Read and parse a JSON body under a byte limit (and the depth limit). */
  read(req: IncomingMessage & { body?: unknown }, limit: number): Promise<unknown>;
  close(): void;
}

/** Starts the body timeout of one request; returns what stops it. */
type BodyWatch = (req: IncomingMessage) => () => void;

export function createBodyReader(deps: {
  clock: Clock;
  logger: Logger;
  timeoutMs: () => number;
}): BodyReader {
  const deadlines = createDeadlineSweep(deps.clock);
  let closed = false;
  const watch: BodyWatch = (req) => {
    const timeout = deps.timeoutMs();
    return deadlines.after(timeout, () => {
      if (closed) {
        return;
      }
      deps.logger.warn('a request body did not arrive in time; answered 408', {
        url: req.url,
        timeoutMs: timeout,
      });
      req.emit(
        'error',
        new BodyError(
          408,
          -32600,
          `The request body did not arrive within ${timeout} ms (gateway.limits.bodyTimeoutMs): send the whole body at once.`,
          { connection: 'close' },
        ),
      );
    });
  };
  return {
    read: (req, limit) => readJsonBody(req, limit, watch),
    close() {
      closed = true;
    },
  };
}

/**
 * Read and parse a JSON body under a byte limit. A body already parsed by middleware is used as
 * is, so the gateway works whether or not the app mounts a JSON parser in front of it.
 */
async function readJsonBody(
  req: IncomingMessage & { body?: unknown },
  limit: number,
  watch?: BodyWatch,
): Promise<unknown> {
  if (req.body !== undefined && (req.readableEnded || (req as { _body?: boolean })._body === true)) {
    if (valueTooDeep(req.body)) {
      throw new BodyError(400, -32700, tooDeepMessage());
    }
    return req.body;
  }
  const early = (req as EarlyBody).earlyBody;
  const text = early ?? (await readText(req, limit, watch));
  if (text.trim().length === 0) {
    throw new BodyError(400, -32700, 'Parse error: the request body is empty; send one JSON-RPC message.');
  }
  if (jsonTooDeep(text)) {
    throw new BodyError(400, -32700, tooDeepMessage());
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, -32700, 'Parse error: the request body is not valid JSON.');
  }
}

/** The body as text, under a byte limit, watched for the body timeout. */
function readText(req: IncomingMessage, limit: number, watch: BodyWatch | undefined): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  // Plain 'data'/'end' listeners: async iteration of the stream costs several promises per
  // request, and this runs on every message of the hot path.
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      );
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      unwatch?.();
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const unwatch = watch?.(req);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(limit: number): BodyError {
  return new BodyError(
    413,
    -32600,
    `Request body is larger than the gateway's limit of ${limit} bytes (gateway.limits.maxBodyBytes).`,
  );
}

/** A batch longer than the limit, as an error to answer with (undefined: fine). */
export function batchError(body: unknown, max: number): BodyError | undefined {
  if (Array.isArray(body) && body.length > max) {
    return new BodyError(
      400,
      -32600,
      `Invalid Request: a batch of ${body.length} messages is more than the gateway's limit of ${max} (gateway.limits.maxBatchSize); send smaller batches.`,
    );
  }
  return undefined;
}

/**
 * Write to a client's stream and keep its buffer bounded. A false `write()` means the client is
 * behind; once more than `limit` bytes wait for it, it is dropped (the response destroyed) rather
 * than letting the gateway's memory grow with whatever it is sent. Returns 0, or the bytes that
 * were waiting when the client was dropped.
 */
export function boundedWrite(res: ServerResponse, chunk: string, limit: number): number {
  if (res.write(chunk) || res.writableLength <= limit) {
    return 0;
  }
  const waiting = res.writableLength;
  res.destroy();
  return waiting;
}
