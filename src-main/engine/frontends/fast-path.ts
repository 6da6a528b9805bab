import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  isJsonContentType,
  ProtocolError,
  ProtocolErrorCode,
  type Server,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/server';

import { errorText, isObject } from '../../../src-shared/values.js';
import type { Catalog, ClientRequestMethod, ForwardContext, InputChannel, Scope } from '../catalog/index.js';
import { acceptsJsonAndSse, isRequestId } from '../early/index.js';
import type { Logger } from '../types.js';
import {
  callInScope,
  CLIENT_REQUEST_TIMEOUT_MS,
  type MetaTools,
  mirrorStructured,
  missingCapability,
  toProtocolError,
} from './handlers.js';
import { boundedWrite } from './http-util.js';

/**
 * The hot path of a 2025-era session: `tools/call`, `tools/list` and `ping` POSTs are answered
 * here, straight from the catalog, instead of going through the SDK's web-standard transport
 * (Request/Response objects, a stream per POST) and its Server. Profiles put ~1 ms of CPU per
 * call in those layers; this path is a JSON parse, a map lookup and one write.
 *
 * What it keeps from the SDK path, message for message:
 * - Answers are JSON (`application/json`, allowed for any POST that carries requests). When the
 *   backend needs the client during a call (sampling, elicitation, roots, a log line) the answer
 *   turns into an SSE stream at that moment, as the SDK path would have sent it: the request
 *   rides the stream, and the client's response comes back as a POST that is matched here.
 * - `notifications/cancelled` for a call answered here aborts it upstream.
 * - Errors are the same JSON-RPC errors (the engine's codes, backend errors passed through).
 * Everything else (batches, progress tokens, other methods, headers the SDK must judge) is
 * left to the SDK path, so protocol checks stay in one place.
 */
export interface FastSession {
  readonly id: string;
  readonly server: Server;
  readonly scope: Scope;
  readonly meta: MetaTools | undefined;
  clientName(): string;
  /** The caller's profile, for call records (absent without a token). */
  readonly profile: string | undefined;
}

export interface FastPath {
  /**
   * Answer `body` here if it is a message this path serves; false: give it to the SDK transport.
   * Only for a session that is still open (after `drop` it would start new state).
   */
  handle(session: FastSession, req: IncomingMessage, res: ServerResponse, body: unknown): boolean;
  /** The session ended: stop its calls and any question waiting for its client. */
  drop(sessionId: string): void;
  /** Tool calls of this session answered here and still running. */
  inFlight(sessionId: string): number;
  /** The session's tools/list result as this path answers it, as JSON. */
  toolsListJson(session: FastSession): string;
}

/** What every reply shares (one object per fast path, so a reply allocates nothing for it). */
interface ReplyContext {
  logger: Logger;
  streamBufferBytes: () => number;
}

type JsonRpcId = string | number;

interface Ask {
  resolve(result: Record<string, unknown>): void;
  reject(err: unknown): void;
}

interface SessionState {
  calls: Map<JsonRpcId, AbortController>;
  asks: Map<string, Ask>;
}

const SUPPORTED = new Set<string>(SUPPORTED_PROTOCOL_VERSIONS);
/** Ids of requests the gateway itself sends to a client here; the SDK's own ids are numbers. */
const ASK_PREFIX = 'gateway-ask-';
/**
 * A call still running after this long gets its answer headers (as an SSE stream) at once and a
 * keep-alive comment every `KEEP_ALIVE_MS`, as on the SDK path: HTTP clients give up on a
 * response whose headers or bytes do not come for minutes (Node's fetch: 300 s).
 */
const STREAM_AFTER_MS = 1_000;
const KEEP_ALIVE_MS = 15_000;

function errorMessage(id: JsonRpcId, err: unknown): string {
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

/**
 * The session's `logging/setLevel` threshold, as the SDK path applies it (the Server keeps the
 * level per session; its check is not in the typed surface, so it is read defensively).
 */
function logIgnored(session: FastSession, level: string): boolean {
  const check = (
    session.server as unknown as { isMessageIgnored?: (level: string, sessionId: string) => boolean }
  ).isMessageIgnored;
  return typeof check === 'function' ? check.call(session.server, level, session.id) : false;
}

/** The error a client gets for a result the gateway cannot serialise. */
function unserialisable(err: unknown): string {
  return err instanceof RangeError
    ? 'The server returned a result too deeply nested to forward; ask its author to flatten it.'
    : `The server returned a result that cannot be sent as JSON: ${errorText(err)}`;
}

function resultMessage(id: JsonRpcId, resultJson: string): string {
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${resultJson}}`;
}

/**
 * One POST's answer: plain JSON unless something has to be sent before the result, in which case
 * it becomes an SSE stream (headers are only written when the first message goes out).
 */
class Reply {
  private streaming = false;
  private timer: NodeJS.Timeout | undefined;
  /** Aborted when the client is dropped for not reading (the call is then cancelled upstream). */
  call: AbortController | undefined;

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
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stream()) {
        this.timer = setInterval(() => {
          if (this.open) {
            this.write(': keepalive\n\n');
          } else {
            this.stop();
          }
        }, KEEP_ALIVE_MS);
      }
    }, STREAM_AFTER_MS);
  }

  private stop(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
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

export function createFastPath(deps: {
  catalog: Catalog;
  logger: Logger;
  streamBufferBytes?: () => number;
  /** Each tools/list result answered, as sent (the start-up answers keep them, see early/). */
  onToolsList?: (sessionId: string, result: string) => void;
}): FastPath {
  const { catalog } = deps;
  const replies: ReplyContext = {
    logger: deps.logger,
    streamBufferBytes: deps.streamBufferBytes ?? (() => 4 * 1024 * 1024),
  };
  const states = new Map<string, SessionState>();
  /** Serialised tools/list results, per list array: the catalog swaps the array when the list changes. */
  const listJson = new WeakMap<object, string>();
  let askSeq = 0;

  function stateOf(sessionId: string): SessionState {
    let st = states.get(sessionId);
    if (st === undefined) {
      st = { calls: new Map(), asks: new Map() };
      states.set(sessionId, st);
    }
    return st;
  }

  function accepted(res: ServerResponse): true {
    res.writeHead(202).end();
    return true;
  }

  function toolsListJson(session: FastSession): string {
    if (session.meta !== undefined) {
      return JSON.stringify({ tools: session.meta.tools() });
    }
    const tools = catalog.listTools(session.scope);
    let json = listJson.get(tools);
    if (json === undefined) {
      json = JSON.stringify({ tools });
      listJson.set(tools, json);
    }
    return json;
  }

  /** Server→client requests raised during a call: sent on the call's answer stream. */
  function inputFor(
    session: FastSession,
    st: SessionState,
    reply: Reply,
    callSignal: AbortSignal,
  ): InputChannel {
    return {
      request(method: ClientRequestMethod, params, signal) {
        const missing = missingCapability(session.server, session.clientName, method, params);
        if (missing !== undefined) {
          return Promise.reject(missing);
        }
        const id = `${ASK_PREFIX}${++askSeq}`;
        const both = AbortSignal.any([signal, callSignal]);
        return new Promise<Record<string, unknown>>((resolve, reject) => {
          const done = (fn: () => void) => {
            clearTimeout(timer);
            both.removeEventListener('abort', onAbort);
            st.asks.delete(id);
            fn();
          };
          const onAbort = () => {
            reply.event({
              jsonrpc: '2.0',
              method: 'notifications/cancelled',
              params: { requestId: id, reason: 'The request was cancelled.' },
            });
            done(() => reject(both.reason));
          };
          const timer = setTimeout(() => {
            done(() =>
              reject(
                new ProtocolError(
                  ProtocolErrorCode.InternalError,
                  `The client "${session.clientName()}" did not answer ${method} within ${CLIENT_REQUEST_TIMEOUT_MS / 60_000} minutes.`,
                ),
              ),
            );
          }, CLIENT_REQUEST_TIMEOUT_MS);
          timer.unref?.();
          if (both.aborted) {
            done(() => reject(both.reason));
            return;
          }
          both.addEventListener('abort', onAbort, { once: true });
          st.asks.set(id, { resolve: (r) => done(() => resolve(r)), reject: (e) => done(() => reject(e)) });
          if (!reply.event({ jsonrpc: '2.0', id, method, params })) {
            done(() =>
              reject(
                new ProtocolError(
                  ProtocolErrorCode.InternalError,
                  `The client closed the request before the gateway could forward ${method}.`,
                ),
              ),
            );
          }
        });
      },
    };
  }

  function callTool(
    session: FastSession,
    id: JsonRpcId,
    params: Record<string, unknown>,
    meta: Record<string, unknown> | undefined,
    res: ServerResponse,
  ): void {
    const st = stateOf(session.id);
    const reply = new Reply(res, session.id, replies);
    reply.streamLater();
    const abort = new AbortController();
    reply.call = abort;
    st.calls.set(id, abort);
    const fc: ForwardContext = {
      client: session.clientName(),
      profile: session.profile,
      sessionId: session.id,
      signal: abort.signal,
      meta,
      input: inputFor(session, st, reply, abort.signal),
      onLog: (p) => {
        if (!logIgnored(session, p.level)) {
          reply.event({ jsonrpc: '2.0', method: 'notifications/message', params: p });
        }
      },
    };
    const name = params['name'] as string;
    const args = (params['arguments'] ?? {}) as Record<string, unknown>;
    callInScope({ catalog, scope: session.scope, meta: session.meta }, name, args, fc)
      .then(
        (result) => {
          if (!abort.signal.aborted) {
            let json: string;
            try {
              json = JSON.stringify(mirrorStructured(result, session.server.getNegotiatedProtocolVersion()));
            } catch (err) {
              // A result nested deeper than the stack can walk (or otherwise unserialisable) still gets an answer.
              deps.logger.warn('a tool result could not be serialised', {
                tool: params['name'],
                err: String(err),
              });
              reply.finish(
                errorMessage(id, new ProtocolError(ProtocolErrorCode.InternalError, unserialisable(err))),
              );
              return;
            }
            reply.finish(resultMessage(id, json));
          }
        },
        (err: unknown) => {
          if (!abort.signal.aborted) {
            reply.finish(errorMessage(id, err));
          }
        },
      )
      .finally(() => {
        if (st.calls.get(id) === abort) {
          st.calls.delete(id);
        }
        if (abort.signal.aborted) {
          reply.abandon();
        }
      })
      .catch((err: unknown) => deps.logger.debug('answering a tool call failed', { err: String(err) }));
  }

  function handle(session: FastSession, req: IncomingMessage, res: ServerResponse, body: unknown): boolean {
    if (!isObject(body) || body['jsonrpc'] !== '2.0') {
      return false;
    }
    const version = req.headers['mcp-protocol-version'];
    if (version !== undefined && (typeof version !== 'string' || !SUPPORTED.has(version))) {
      return false;
    }
    if (!isJsonContentType(req.headers['content-type'] ?? null)) {
      return false;
    }
    const method = body['method'];
    const id = body['id'];
    const params = body['params'];
    if (method === undefined) {
      // The client's answer to a request sent from here.
      if (typeof id !== 'string' || !id.startsWith(ASK_PREFIX)) {
        return false;
      }
      const ask = states.get(session.id)?.asks.get(id);
      if (ask === undefined) {
        return false;
      }
      const error = body['error'];
      if (isObject(error)) {
        ask.reject(
          new ProtocolError(Number(error['code']), String(error['message'] ?? 'Error'), error['data']),
        );
      } else {
        ask.resolve(isObject(body['result']) ? body['result'] : {});
      }
      return accepted(res);
    }
    if (id === undefined) {
      if (method !== 'notifications/cancelled' || !isObject(params)) {
        return false;
      }
      const requestId = params['requestId'];
      const call = isRequestId(requestId) ? states.get(session.id)?.calls.get(requestId) : undefined;
      if (call === undefined) {
        return false;
      }
      call.abort(
        new ProtocolError(
          ProtocolErrorCode.InternalError,
          typeof params['reason'] === 'string' ? params['reason'] : 'Cancelled by the client.',
        ),
      );
      return accepted(res);
    }
    if (!isRequestId(id) || !acceptsJsonAndSse(req.headers.accept)) {
      return false;
    }
    if (params !== undefined && !isObject(params)) {
      return false;
    }
    const meta = params?.['_meta'];
    if (meta !== undefined && !isObject(meta)) {
      return false;
    }
    switch (method) {
      case 'ping': {
        new Reply(res, session.id, replies).finish(resultMessage(id, '{}'));
        return true;
      }
      case 'tools/list': {
        const reply = new Reply(res, session.id, replies);
        catalog
          .startupSettled()
          .then(() => {
            const json = toolsListJson(session);
            reply.finish(resultMessage(id, json));
            deps.onToolsList?.(session.id, json);
          })
          .catch((err: unknown) => reply.finish(errorMessage(id, err)));
        return true;
      }
      case 'tools/call': {
        if (
          params === undefined ||
          typeof params['name'] !== 'string' ||
          (params['arguments'] !== undefined && !isObject(params['arguments']))
        ) {
          return false;
        }
        if (meta !== undefined && meta['progressToken'] !== undefined) {
          // Progress needs the SDK's token bookkeeping: that path handles it.
          return false;
        }
        if (states.get(session.id)?.calls.has(id) === true) {
          // An id still in flight (a client bug): the SDK path judges it; this call stays cancellable.
          return false;
        }
        callTool(session, id, params, meta, res);
        return true;
      }
      default:
        return false;
    }
  }

  return {
    handle,
    toolsListJson,
    inFlight: (sessionId) => states.get(sessionId)?.calls.size ?? 0,
    drop(sessionId) {
      const st = states.get(sessionId);
      if (st === undefined) {
        return;
      }
      states.delete(sessionId);
      for (const call of st.calls.values()) {
        call.abort(new ProtocolError(ProtocolErrorCode.InternalError, 'The client session ended.'));
      }
      for (const ask of [...st.asks.values()]) {
        ask.reject(new ProtocolError(ProtocolErrorCode.InternalError, 'The client session ended.'));
      }
    },
  };
}
