import type { IncomingMessage, ServerResponse } from 'node:http';

import { isLoopbackHost } from '../../../src-shared/config.js';

/** A JSON-RPC error answer with no id (the request may not even have parsed). */
export function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string, headers?: Record<string, string>): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Read and parse a JSON body under a byte limit. A body already parsed by middleware is used as
 * is, so the gateway works whether or not the app mounts a JSON parser in front of it.
 */
export async function readJsonBody(req: IncomingMessage & { body?: unknown }, limit: number): Promise<unknown> {
  if (req.body !== undefined && (req.readableEnded || (req as { _body?: boolean })._body === true)) {
    return req.body;
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  // Plain 'data'/'end' listeners: async iteration of the stream costs several promises per
  // request, and this runs on every message of the hot path.
  const text = await new Promise<string>((resolve, reject) => {
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
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
  if (text.trim().length === 0) {
    throw new BodyError(400, -32700, 'Parse error: the request body is empty; send one JSON-RPC message.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, -32700, 'Parse error: the request body is not valid JSON.');
  }
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, -32600, `Request body is larger than the gateway's limit of ${limit} bytes (gateway.limits.maxBodyBytes).`);
}

export interface OriginPolicy {
  /** The host the gateway is bound to (also accepted as a Host header). */
  host: string;
  allowRemote: boolean;
  /** Exact extra origins (`scheme://host:port`). */
  allowedOrigins: string[];
}

function hostnameOf(hostHeader: string): string {
  // "[::1]:7411" → "[::1]", "127.0.0.1:7411" → "127.0.0.1"
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    return end === -1 ? hostHeader : hostHeader.slice(0, end + 1);
  }
  const colon = hostHeader.indexOf(':');
  return colon === -1 ? hostHeader : hostHeader.slice(0, colon);
}

/**
 * DNS-rebinding guard: the Host must name this machine (or the configured host), and a browser
 * Origin, when present, must be loopback or explicitly allowed. Answers 403 itself on refusal.
 */
export function guardHostAndOrigin(req: IncomingMessage, res: ServerResponse, policy: OriginPolicy): boolean {
  const host = req.headers.host;
  if (host !== undefined) {
    const name = hostnameOf(host).toLowerCase();
    const ok = isLoopbackHost(name) || name === policy.host.toLowerCase() || (policy.allowRemote && policy.host === '0.0.0.0');
    if (!ok) {
      sendJsonRpcError(res, 403, -32000, `Forbidden: Host "${host}" is not this gateway. Connect to http://127.0.0.1 or localhost.`);
      return false;
    }
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let ok = policy.allowedOrigins.includes(origin);
    if (!ok) {
      try {
        const u = new URL(origin);
        ok = (u.protocol === 'http:' || u.protocol === 'https:') && isLoopbackHost(u.hostname);
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      sendJsonRpcError(
        res,
        403,
        -32000,
        `Forbidden: Origin "${origin}" may not use this gateway. Add it to gateway.allowedOrigins if you trust it.`,
      );
      return false;
    }
  }
  return true;
}
