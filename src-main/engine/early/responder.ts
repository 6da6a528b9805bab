/**
 * The first answers of a start: while the engine is still loading (the MCP SDK, the catalog, the
 * HTTP stack: most of a start's time), a 2025-era client's handshake is answered from what the
 * last run answered the same client (start-answers.ts): `initialize` (a session id is handed
 * out), `notifications/initialized` and `tools/list`. Every other request, and any request this
 * cannot answer exactly as the engine would, waits for the engine as before, its body handed over
 * as read. Once the engine is up it takes these sessions over (`EarlySession`): it replays the
 * handshake into a session of its own under the same id, so the client never notices the switch.
 *
 * Only when every server will be listed from its cache (nothing to wait for) and the kept answer's
 * inputs are those of this start; the same Host/Origin check and client token check as the engine.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { isObject } from '../../../src-shared/values.js';
import type { ClientIdentity, Identity } from '../identity/index.js';
import type { Logger } from '../types.js';
import { acceptsJsonAndSse, isRequestId, isServerScope, mcpScopeKey, mcpUrlTarget } from './mcp-requests.js';
import { answerKey, type StartAnswers } from './start-answers.js';

export const SESSION_HEADER = 'mcp-session-id';
export const EARLY_LIST_GIVEN = 'gave a client its tool list from the kept answers before the engine loaded';
/** Sessions opened before the engine loads; more wait for the engine (and its session limit). */
export const MAX_EARLY_SESSIONS = 32;

/** A session opened here, for the engine to take over. */
export interface EarlySession {
  id: string;
  scopeKey: string;
  client: ClientIdentity;
  /** The initialize request as the client sent it. */
  initialize: Record<string, unknown>;
  /** The protocol version the kept answer agreed on. */
  protocolVersion: string;
  /** Whether the client sent notifications/initialized. */
  initialized: boolean;
  /** The tools/list result given here (undefined: the client has not asked). */
  toolsGiven: Buffer | undefined;
}

/** A request body read here and handed to the engine with the request (see http-util.ts). */
export interface EarlyBody {
  earlyBody?: string;
}

export interface ResponderDeps {
  identity: Pick<Identity, 'check' | 'throttle'>;
  /** The engine's Host/Origin check. */
  allows(req: IncomingMessage): boolean;
  answers: Pick<StartAnswers, 'find'>;
  /** The fingerprint of this start's inputs (see start-answers.ts). */
  fingerprint: string;
  /** `gateway.mode`, `gateway.limits.maxBodyBytes` and `gateway.limits.maxSessions` now. */
  mode(): 'all' | 'meta';
  maxBodyBytes(): number;
  maxSessions(): number;
  /** Told of each tool list given here (debug). */
  logger?: Pick<Logger, 'debug'>;
}

export interface Responder {
  /** Answers `req` (true), or reads what it needed of it and leaves it to the engine (false). */
  answer(req: IncomingMessage & EarlyBody, res: ServerResponse): Promise<boolean>;
  /** The sessions opened here; from now on nothing more is answered. */
  takeSessions(): EarlySession[];
  /**
   * Calls `listener` when a request comes (`request`), then once when it is done with here: left
   * to the engine that someone waits for (`handedOver`), left to the engine with no one waiting
   * (`waits`: an early session's GET stream), or answered and written out (`flushed`; `listed`
   * when it was a tool list, the end of a handshake).
   */
  onActivity(listener: (event: Activity) => void): void;
}

export type Activity = 'request' | 'handedOver' | 'waits' | 'flushed' | 'listed';

/** The scope an MCP URL addresses for a client, as the engine's routes resolve it, or undefined. */
function scopeOfUrl(url: string, client: ClientIdentity, mode: 'all' | 'meta'): string | undefined {
  const target = mcpUrlTarget(url);
  if (target === undefined) {
    return undefined;
  }
  if (target.server === undefined) {
    return mcpScopeKey(target.askedMeta, client.profile.mode ?? mode);
  }
  // Whether the server exists is the kept answer's to tell: there is one only if it did.
  const { server } = target;
  return isServerScope(server) && client.profile.allowsServer(server) ? server : undefined;
}

function isJsonType(type: string | undefined): boolean {
  return type !== undefined && /^application\/json\s*(;|$)/i.test(type);
}

/** The body, when its declared length is within the limit; undefined when it is not read here. */
function readBody(req: IncomingMessage, limit: number): Promise<string> | undefined {
  const declared = Number(req.headers['content-length']);
  if (!Number.isInteger(declared) || declared > limit || declared > 64 * 1024) {
    return undefined;
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return isObject(v) && v['jsonrpc'] === '2.0' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The initialize answer as the SDK's transport sends it: one SSE message. */
function sendInitialize(res: ServerResponse, sessionId: string, id: unknown, result: string): void {
  const body = `event: message\ndata: {"result":${result},"jsonrpc":"2.0","id":${JSON.stringify(id)}}\n\n`;
  res.writeHead(200, {
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'content-type': 'text/event-stream',
    [SESSION_HEADER]: sessionId,
    'x-accel-buffering': 'no',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** A result as the engine's fast path sends it: plain JSON. */
function sendResult(res: ServerResponse, sessionId: string, id: unknown, result: Buffer): void {
  const body = Buffer.concat([
    Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":`),
    result,
    Buffer.from('}'),
  ]);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': body.length,
    [SESSION_HEADER]: sessionId,
  });
  res.end(body);
}

/** What the responder keeps: the sessions it opened, and the tool list kept for each. */
interface ResponderState {
  deps: ResponderDeps;
  sessions: Map<string, EarlySession>;
  kept: Map<string, Buffer>;
  /** Tool lists answered so far. */
  listsGiven: number;
}

/** initialize without a session: a new session, when the same client was answered before. */
function open(
  st: ResponderState,
  body: Record<string, unknown>,
  scopeKey: string,
  client: ClientIdentity,
  res: ServerResponse,
  admit: () => boolean,
): boolean {
  const params = body['params'];
  const limit = Math.min(MAX_EARLY_SESSIONS, st.deps.maxSessions());
  if (!isRequestId(body['id']) || !isObject(params) || st.sessions.size >= limit) {
    return false;
  }
  const key = answerKey({ scopeKey, tokenId: client.tokenId, profile: client.profile.name, params });
  const answer = st.deps.answers.find(key, st.deps.fingerprint);
  if (answer === undefined) {
    return false;
  }
  const agreed = (JSON.parse(answer.initialize) as { protocolVersion?: unknown }).protocolVersion;
  if (typeof agreed !== 'string' || !admit()) {
    return false;
  }
  const id = randomUUID();
  st.sessions.set(id, {
    id,
    scopeKey,
    client,
    initialize: body,
    protocolVersion: agreed,
    initialized: false,
    toolsGiven: undefined,
  });
  st.kept.set(id, answer.tools);
  sendInitialize(res, id, body['id'], answer.initialize);
  return true;
}

/** A message on a session opened here: the end of the handshake, or the tool list. */
function onSession(
  st: ResponderState,
  s: EarlySession,
  body: Record<string, unknown>,
  req: IncomingMessage,
  res: ServerResponse,
  admit: () => boolean,
): boolean {
  const method = body['method'];
  const version = req.headers['mcp-protocol-version'];
  if (version !== undefined && version !== s.protocolVersion) {
    return false;
  }
  if (method === 'notifications/initialized' && body['id'] === undefined && admit()) {
    s.initialized = true;
    res.writeHead(202).end();
    return true;
  }
  const params = body['params'];
  const plain = params === undefined || (isObject(params) && Object.keys(params).length === 0);
  if (method === 'tools/list' && isRequestId(body['id']) && plain && s.initialized && admit()) {
    const tools = st.kept.get(s.id) as Buffer;
    s.toolsGiven = tools;
    st.listsGiven += 1;
    sendResult(res, s.id, body['id'], tools);
    st.deps.logger?.debug(EARLY_LIST_GIVEN, { session: s.id });
    return true;
  }
  return false;
}

/** Whether a request may be answered here at all: method, types, the Host/Origin check. */
function answerable(deps: ResponderDeps, req: IncomingMessage): boolean {
  return (
    req.method === 'POST' &&
    isJsonType(req.headers['content-type']) &&
    acceptsJsonAndSse(req.headers.accept) &&
    deps.allows(req)
  );
}

async function answerOne(
  st: ResponderState,
  req: IncomingMessage & EarlyBody,
  res: ServerResponse,
  done: () => boolean,
): Promise<boolean> {
  const { deps } = st;
  if (done() || !answerable(deps, req)) {
    return false;
  }
  const auth = deps.identity.check(req.headers.authorization);
  const scopeKey = auth.ok ? scopeOfUrl(req.url ?? '', auth.client, deps.mode()) : undefined;
  const reading = scopeKey === undefined ? undefined : readBody(req, deps.maxBodyBytes());
  if (!auth.ok || scopeKey === undefined || reading === undefined) {
    return false;
  }
  const text = await reading;
  req.earlyBody = text;
  const body = parse(text);
  if (done() || body === undefined) {
    return false;
  }
  // Counted only when answered here: what is left to the engine is counted there.
  const admit = () => deps.identity.throttle(auth.client) === 0;
  const sessionId = req.headers[SESSION_HEADER];
  if (sessionId === undefined) {
    // An initialize under an MCP-Protocol-Version header is classified by the SDK (a modern
    // version there is refused): the engine's to answer.
    return (
      body['method'] === 'initialize' &&
      req.headers['mcp-protocol-version'] === undefined &&
      open(st, body, scopeKey, auth.client, res, admit)
    );
  }
  const s = typeof sessionId === 'string' ? st.sessions.get(sessionId) : undefined;
  if (s === undefined || s.scopeKey !== scopeKey || s.client.tokenId !== auth.client.tokenId) {
    return false;
  }
  return onSession(st, s, body, req, res, admit);
}

/**
 * A session's GET stream: it waits for the engine like any other request, but nothing waits for
 * its answer (a client opens it and goes on), so it does not hurry the engine's loading.
 */
function isStreamOfEarlySession(st: ResponderState, req: IncomingMessage): boolean {
  const sessionId = req.headers[SESSION_HEADER];
  return (
    req.method === 'GET' && typeof sessionId === 'string' && st.sessions.has(sessionId) && st.deps.allows(req)
  );
}

export function createResponder(deps: ResponderDeps): Responder {
  const st: ResponderState = { deps, sessions: new Map(), kept: new Map(), listsGiven: 0 };
  const listeners: Array<(event: Activity) => void> = [];
  let done = false;
  const activity = (event: Activity) => {
    for (const l of listeners) {
      l(event);
    }
  };
  return {
    async answer(req, res) {
      activity('request');
      const lists = st.listsGiven;
      // A kept answer that cannot be read leaves the request to the engine, and says so.
      const answered = await answerOne(st, req, res, () => done).catch(() => false);
      if (answered) {
        // A tool list is the end of a handshake; what comes next is for the engine.
        const listed = st.listsGiven > lists;
        res.once('close', () => activity(listed ? 'listed' : 'flushed'));
      } else {
        activity(isStreamOfEarlySession(st, req) ? 'waits' : 'handedOver');
      }
      return answered;
    },
    takeSessions() {
      done = true;
      const taken = [...st.sessions.values()];
      // The responder stays referenced for the whole run: keep nothing the engine now owns.
      st.sessions.clear();
      st.kept.clear();
      listeners.length = 0;
      return taken;
    },
    onActivity(listener) {
      listeners.push(listener);
    },
  };
}
