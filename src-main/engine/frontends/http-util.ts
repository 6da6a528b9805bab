import type { IncomingMessage, ServerResponse } from 'node:http';

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
