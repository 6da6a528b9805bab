import type { IncomingMessage, ServerResponse } from 'node:http';

import { isJsonContentType, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';

import { isObject } from '../../../src-shared/values.js';
import type { Catalog } from '../catalog/index.js';
import { acceptsJsonAndSse, isRequestId } from '../early/index.js';
import type { Logger } from '../types.js';
import { answerAsk } from './fast-asks.js';
import { callTool, cancelCall } from './fast-call.js';
import { Reply, resultMessage } from './fast-reply.js';
import { dropSession, type FastPathState, type FastSession, inFlight } from './fast-state.js';
import { answerToolsList, toolsListJson } from './fast-tools-list.js';

export type { FastSession } from './fast-state.js';

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

const SUPPORTED = new Set<string>(SUPPORTED_PROTOCOL_VERSIONS);

export function createFastPath(deps: {
  catalog: Catalog;
  logger: Logger;
  streamBufferBytes?: () => number;
  /** Each tools/list result answered, as sent (the start-up answers keep them, see early/). */
  onToolsList?: (sessionId: string, result: string) => void;
}): FastPath {
  const fp: FastPathState = {
    catalog: deps.catalog,
    logger: deps.logger,
    replies: { logger: deps.logger, streamBufferBytes: deps.streamBufferBytes ?? (() => 4 * 1024 * 1024) },
    states: new Map(),
    listJson: new WeakMap(),
    onToolsList: deps.onToolsList,
    askSeq: 0,
  };
  return {
    handle: (session, req, res, body) => handleMessage(fp, session, req, res, body),
    toolsListJson: (session) => toolsListJson(fp, session),
    inFlight: (sessionId) => inFlight(fp, sessionId),
    drop: (sessionId) => dropSession(fp, sessionId),
  };
}

/**
 * The checks that decide whether a POST's message is answered here, and the answer's start. Every
 * message this path does not serve as the SDK path would (other methods, progress tokens, headers
 * the SDK must judge) returns false before anything is sent.
 */
function handleMessage(
  fp: FastPathState,
  session: FastSession,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): boolean {
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
    return answerAsk(fp, session.id, body, res);
  }
  if (id === undefined) {
    // A notification: only the cancellation of a call answered here is taken.
    if (method !== 'notifications/cancelled' || !isObject(params) || !isRequestId(params['requestId'])) {
      return false;
    }
    return cancelCall(fp, session.id, params['requestId'], params['reason'], res);
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
      new Reply(res, session.id, fp.replies).finish(resultMessage(id, '{}'));
      return true;
    }
    case 'tools/list': {
      answerToolsList(fp, session, id, res);
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
      if (fp.states.get(session.id)?.calls.has(id) === true) {
        // An id still in flight (a client bug): the SDK path judges it; this call stays cancellable.
        return false;
      }
      callTool(fp, session, id, params, meta, res);
      return true;
    }
    default:
      return false;
  }
}
