import { randomUUID } from 'node:crypto';

import {
  type Client,
  type ClientCapabilities,
  ProtocolError,
  ProtocolErrorCode,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
} from '@modelcontextprotocol/client';
import { CallToolResultSchema } from '@modelcontextprotocol/core';
import { CLIENT_CAPABILITIES_META_KEY } from '@modelcontextprotocol/server';

import { GatewayError } from '../../../src-shared/errors.js';
import type { CallRecord } from '../../../src-shared/events.js';
import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, CallContext, CatalogTool, Clock, SupervisorApi } from '../types.js';
import type { CallLog } from './call-log.js';
import type { CallInFlight, ClientRequestMethod, InputChannel } from './client-requests.js';
import { createConnections } from './connections.js';
import { paramHeadersOf, paramHeaderValues } from './mcp-param-headers.js';
import type { CatalogSettings } from './settings.js';
import { anyResult } from './wire.js';

/** Context for one forwarded request. */
export interface ForwardContext extends CallContext {
  /** Where sampling/elicitation/roots requests raised during this request go. */
  input?: InputChannel;
  /** The client's `_meta` without its progress token (the gateway mints its own upstream). */
  meta?: Record<string, unknown>;
  /** Log messages the backend sends while this request runs. */
  onLog?: (params: { level: string; data?: unknown; logger?: string }) => void;
  /**
   * Set by 2026-07-28 frontends: a 2026-era backend's `input_required` result goes back to the
   * client as it is, and the client's retry material (`inputResponses`, `requestState`) goes to
   * the backend untouched. Ignored for 2025-era backends.
   */
  relay?: { inputResponses?: unknown; requestState?: string };
  /**
   * What the client declared (2026-07-28 `_meta` envelope), sent to 2026-era backends in place of
   * the gateway's own capabilities so they refuse what this client cannot answer (-32021).
   */
  clientCapabilities?: ClientCapabilities;
  /**
   * HTTP headers for this request to a 2026-era backend over Streamable HTTP (a tool's SEP-2243
   * `Mcp-Param-*` headers); other transports carry none.
   */
  headers?: Record<string, string>;
}

type ResultSchema = typeof anyResult | typeof CallToolResultSchema;
type ToolTarget = { id: string } | { server: string; name: string };

/** Without progress, a call may stay silent this long before it is cancelled (reset on progress). */
const IDLE_CALL_TIMEOUT_MS = 10 * 60_000;
/** 2026-07-28 requests whose result may be `input_required` (multi round-trip requests). */
const MRTR_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read']);
/** Rounds of input a 2026-era backend may ask for within one call bridged for a 2025 client. */
const MAX_INPUT_ROUNDS = 10;

/**
 * Requests forwarded to the owning server: the connection it goes over (shared, the session's
 * own, or a sleeping server woken first), its limits, the era's rules, and the calls in flight
 * that server→client routing matches requests to.
 */
export interface Forwarder {
  forward(
    server: string,
    method: string,
    params: Record<string, unknown>,
    ctx: ForwardContext,
    schema?: ResultSchema,
  ): Promise<Record<string, unknown>>;
  /** Forward a tools/call to the tool `resolve` finds, and record it. */
  callTool(
    target: ToolTarget,
    args: Record<string, unknown>,
    ctx: ForwardContext,
  ): Promise<Record<string, unknown>>;
  /** Resolve once a sleeping or starting `server` is up (no-op when it runs or is unknown). */
  ensureAwake(server: string, ctx?: CallContext): Promise<void>;
  /** The calls in flight on one backend Client. */
  callsOn(client: Client): ReadonlySet<CallInFlight> | undefined;
  /** Backend calls in flight, per server (tests, diagnostics). */
  inFlight(server?: string): number;
}

export function createForwarder(deps: {
  supervisor: SupervisorApi;
  clock: Clock;
  settings: () => CatalogSettings;
  /** The session's own connection to a per-session server (undefined: the session is gone). */
  openDedicated(server: string, sessionId: string): Promise<BackendConnection> | undefined;
  /** The tool a call names (throws with what to do when it cannot be called). */
  resolve(target: ToolTarget): CatalogTool;
  log: CallLog;
}): Forwarder {
  const { supervisor, clock } = deps;
  const connections = createConnections(deps);
  const inFlight = new Map<Client, Set<CallInFlight>>();

  /** How long a call may go without an answer or progress (`idle`), and in all (`total`). */
  function callTimeouts(server: string): { idle: number; total: number } {
    const settings = deps.settings();
    const cfg = settings.servers.get(server);
    const total = cfg?.timeout ?? settings.maxCallMs;
    return { idle: Math.min(cfg?.timeout ?? IDLE_CALL_TIMEOUT_MS, total), total };
  }

  function requestOptions(server: string, ctx: ForwardContext) {
    const { idle, total } = callTimeouts(server);
    return {
      signal: ctx.signal,
      timeout: idle,
      resetTimeoutOnProgress: true,
      maxTotalTimeout: total,
      onprogress: ctx.onProgress,
    };
  }

  async function forward(
    server: string,
    method: string,
    params: Record<string, unknown>,
    ctx: ForwardContext,
    schema: ResultSchema = anyResult,
  ): Promise<Record<string, unknown>> {
    // Held from before the wake: the server must not fall asleep between coming up and the request.
    const release = supervisor.hold(server);
    let conn: BackendConnection;
    try {
      conn = await connections.connectionFor(server, ctx);
    } catch (err) {
      release();
      throw err;
    }
    const client = conn.client;
    const entry: CallInFlight = {
      server,
      sessionId: ctx.sessionId,
      input: ctx.input,
      log: ctx.onLog,
      waiting: 0,
      lastAsk: 0,
    };
    let set = inFlight.get(client);
    if (set === undefined) {
      set = new Set();
      inFlight.set(client, set);
    }
    set.add(entry);
    try {
      const withMeta =
        ctx.meta !== undefined && Object.keys(ctx.meta).length > 0 ? { ...params, _meta: ctx.meta } : params;
      if (conn.era === 'modern' && MRTR_METHODS.has(method)) {
        return await forwardModern(server, client, method, withMeta, ctx, schema, entry);
      }
      if (conn.direct !== undefined && ctx.onProgress === undefined) {
        // The hot path: straight over the wire (no progress to route, so the Protocol adds nothing).
        // Without progress the idle limit is the whole limit.
        const result = await conn.direct.request(method, withMeta, {
          signal: ctx.signal,
          timeoutMs: callTimeouts(server).idle,
        });
        return schema === CallToolResultSchema ? toolResult(result) : result;
      }
      return (await client.request(
        { method, params: withMeta } as Parameters<Client['request']>[0],
        schema,
        requestOptions(server, ctx),
      )) as Record<string, unknown>;
    } catch (err) {
      throw normaliseError(err, server, method, ctx.headers);
    } finally {
      release();
      set.delete(entry);
      if (set.size === 0) {
        inFlight.delete(client);
      }
    }
  }

  /**
   * A multi round-trip request to a 2026-era backend. For a 2026 client (`ctx.relay`) its
   * `input_required` result is the answer, relayed as it is: no call is parked and nothing needs
   * matching. For a 2025 client each input request becomes a server→client request on the
   * calling session's own channel, and the gateway retries with the answers and the backend's
   * `requestState`, byte for byte.
   */
  async function forwardModern(
    server: string,
    client: Client,
    method: string,
    params: Record<string, unknown>,
    ctx: ForwardContext,
    schema: ResultSchema,
    entry: CallInFlight,
  ): Promise<Record<string, unknown>> {
    const base = withClientCapabilities(params, ctx.clientCapabilities);
    let current = ctx.relay === undefined ? base : withRetry(base, ctx.relay);
    const options = {
      ...requestOptions(server, ctx),
      allowInputRequired: true,
      ...(ctx.headers !== undefined ? { headers: ctx.headers } : {}),
    };
    for (let round = 0; ; round++) {
      const result = (await client.request(
        { method, params: current } as Parameters<Client['request']>[0],
        anyResult,
        options,
      )) as Record<string, unknown>;
      if (result['resultType'] !== 'input_required') {
        return schema === CallToolResultSchema ? toolResult(result) : result;
      }
      if (ctx.relay !== undefined) {
        return result;
      }
      if (round + 1 >= MAX_INPUT_ROUNDS) {
        throw new GatewayError(
          'BACKEND_PROTOCOL',
          `Server "${server}" still asked for input after ${MAX_INPUT_ROUNDS} rounds of ${method}; the gateway gave up.`,
        );
      }
      const requests = Object.entries(
        (result['inputRequests'] ?? {}) as Record<string, { method?: unknown; params?: unknown }>,
      );
      const responses = await askClient(server, method, requests, ctx, entry);
      const state = result['requestState'];
      current = withRetry(base, {
        ...(requests.length > 0 ? { inputResponses: responses } : {}),
        ...(typeof state === 'string' ? { requestState: state } : {}),
      });
    }
  }

  async function callTool(
    target: ToolTarget,
    args: Record<string, unknown>,
    ctx: ForwardContext,
  ): Promise<Record<string, unknown>> {
    const started = clock.now();
    let server = 'server' in target ? target.server : '?';
    let name = 'name' in target ? target.name : (target as { id: string }).id;
    const recordCall = (ok: boolean, outcome?: Pick<CallRecord, 'isError' | 'error'>): void =>
      deps.log.record({
        id: randomUUID(),
        at: started,
        server,
        tool: name,
        client: ctx.client,
        ...(ctx.profile !== undefined ? { profile: ctx.profile } : {}),
        sessionId: ctx.sessionId,
        durationMs: clock.now() - started,
        ok,
        ...outcome,
      });
    try {
      const tool = deps.resolve(target);
      server = tool.server;
      name = tool.name;
      // A 2026-era server checks the arguments its tool mirrors into headers: send them, as its
      // own clients do.
      // (Most tools declare none: then nothing is allocated for it.)
      const declared = paramHeadersOf(tool.definition.inputSchema);
      const fc = declared.length === 0 ? ctx : withParamHeaders(ctx, paramHeaderValues(declared, args));
      const result = await forward(server, 'tools/call', { name, arguments: args }, fc, CallToolResultSchema);
      recordCall(true, result['isError'] === true ? { isError: true } : undefined);
      return result;
    } catch (err) {
      recordCall(false, { error: errorText(err) });
      throw err;
    }
  }

  return {
    forward,
    callTool,
    ensureAwake: (server, ctx) => connections.ensureAwake(server, ctx),
    callsOn: (client) => inFlight.get(client),
    inFlight(server) {
      let n = 0;
      for (const set of inFlight.values()) {
        for (const f of set) {
          if (server === undefined || f.server === server) {
            n += 1;
          }
        }
      }
      return n;
    },
  };
}

/** The client's declared capabilities in `_meta`, for a 2026-era backend to check against. */
function withClientCapabilities(
  params: Record<string, unknown>,
  capabilities: ClientCapabilities | undefined,
): Record<string, unknown> {
  if (capabilities === undefined) {
    return params;
  }
  const meta = params['_meta'] as Record<string, unknown> | undefined;
  return { ...params, _meta: { ...meta, [CLIENT_CAPABILITIES_META_KEY]: withoutTasks(capabilities) } };
}

/** The tasks extension (SEP-2663), which the gateway does not relay. */
const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/**
 * The gateway does not relay the tasks extension (it routes no `tasks/*` request and does not
 * advertise it), so a backend must not hear that the client supports it: without it a
 * task-capable tool runs to completion as a plain call (SEP-2663), instead of answering with a
 * task the client could never reach.
 */
function withoutTasks(capabilities: ClientCapabilities): ClientCapabilities {
  const ext = (capabilities as { extensions?: Record<string, unknown> }).extensions;
  if (ext === undefined || !(TASKS_EXTENSION in ext)) {
    return capabilities;
  }
  const { [TASKS_EXTENSION]: _tasks, ...rest } = ext;
  void _tasks;
  return { ...capabilities, extensions: rest } as ClientCapabilities;
}

/** A retry of a multi round-trip request: the answers and the backend's state, as they are. */
function withRetry(
  base: Record<string, unknown>,
  retry: { inputResponses?: unknown; requestState?: string },
): Record<string, unknown> {
  const { inputResponses, requestState } = retry;
  return {
    ...base,
    ...(inputResponses !== undefined ? { inputResponses } : {}),
    ...(requestState !== undefined ? { requestState } : {}),
  };
}

/** One round of a 2026-era backend's input requests, asked of a 2025-era client one by one. */
async function askClient(
  server: string,
  method: string,
  requests: [string, { method?: unknown; params?: unknown }][],
  ctx: ForwardContext,
  entry: CallInFlight,
): Promise<Record<string, unknown>> {
  const input = ctx.input;
  if (input === undefined && requests.length > 0) {
    throw new ProtocolError(
      ProtocolErrorCode.MethodNotFound,
      `Server "${server}" needs input from the client for ${method}, and this request has no way to ask the client. Call it over an MCP session.`,
    );
  }
  const responses: Record<string, unknown> = {};
  entry.waiting += 1;
  try {
    for (const [key, req] of requests) {
      const m = String(req.method) as ClientRequestMethod;
      if (m !== 'sampling/createMessage' && m !== 'elicitation/create' && m !== 'roots/list') {
        throw new ProtocolError(
          ProtocolErrorCode.MethodNotFound,
          `Server "${server}" asked the client for "${m}", which has no 2025-era equivalent, so the gateway cannot forward it.`,
        );
      }
      responses[key] = await (input as InputChannel).request(
        m,
        req.params as Record<string, unknown> | undefined,
        ctx.signal ?? new AbortController().signal,
      );
    }
  } finally {
    entry.waiting -= 1;
  }
  return responses;
}

/**
 * A tools/call result as the SDK's schema would hand it on: `content` defaults to an empty list.
 * The rest passes through untouched; the client validates what it receives.
 */
function toolResult(result: Record<string, unknown>): Record<string, unknown> {
  return Array.isArray(result['content']) ? result : { ...result, content: [] };
}

/**
 * Backend errors keep their JSON-RPC code and data (clients see what the server said); local
 * timeouts and closed connections become clear errors naming the server.
 */
function normaliseError(
  err: unknown,
  server: string,
  method: string,
  mirrored?: Record<string, string>,
): unknown {
  if (err instanceof ProtocolError || err instanceof GatewayError) {
    return err;
  }
  if (err instanceof SdkHttpError && typeof err.status === 'number') {
    return httpRefusal(err, server, method, mirrored);
  }
  if (err instanceof SdkError) {
    if (err.code === SdkErrorCode.RequestTimeout) {
      return new ProtocolError(
        ProtocolErrorCode.InternalError,
        `Server "${server}" did not answer ${method} in time: ${err.message}. Raise "timeout" for this server if it needs longer.`,
      );
    }
    if (err.code === SdkErrorCode.ConnectionClosed) {
      return new ProtocolError(
        ProtocolErrorCode.InternalError,
        `Server "${server}" closed the connection during ${method}. It may have crashed; check its logs.`,
      );
    }
    return new ProtocolError(
      ProtocolErrorCode.InternalError,
      `Server "${server}" failed ${method}: ${err.message}`,
    );
  }
  return err;
}

/**
 * A backend that answered the request with an HTTP error status (the SDK's message often ends in
 * an empty body). 431 after mirroring arguments into `Mcp-Param-*` headers is the one refusal a
 * 2025-era client could not meet directly (it sends no such headers): say which argument did it.
 */
function httpRefusal(
  err: SdkHttpError,
  server: string,
  method: string,
  mirrored: Record<string, string> | undefined,
): ProtocolError {
  const status = `HTTP ${err.status}${err.statusText ? ` ${err.statusText}` : ''}`;
  if (err.status === 431 && mirrored !== undefined) {
    const sizes = Object.entries(mirrored)
      .sort((a, b) => b[1].length - a[1].length)
      .map(([name, value]) => `${name} (${value.length} bytes)`);
    return new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Server "${server}" refused ${method} (${status}): its tool mirrors arguments into request headers (x-mcp-header), and ${sizes.join(', ')} made them larger than the server accepts. Shorten that argument; a client calling the server directly meets the same limit.`,
      { status: err.status, headers: Object.keys(mirrored) },
    );
  }
  const text = (err.data as { text?: unknown } | undefined)?.text;
  const detail = typeof text === 'string' && text.trim() !== '' ? `: ${text.trim().slice(0, 300)}` : '';
  return new ProtocolError(
    ProtocolErrorCode.InternalError,
    `Server "${server}" refused ${method} with ${status}${detail}`,
    { status: err.status },
  );
}

/** The call's context with the `Mcp-Param-*` headers its arguments mirror (unchanged when none). */
function withParamHeaders(ctx: ForwardContext, mirrored: Record<string, string>): ForwardContext {
  return Object.keys(mirrored).length === 0 ? ctx : { ...ctx, headers: mirrored };
}
