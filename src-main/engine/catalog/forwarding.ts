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

import { GatewayError } from '../../../src-shared/errors.js';
import type { CallRecord } from '../../../src-shared/events.js';
import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, CallContext, CatalogTool, Clock, SupervisorApi } from '../types.js';
import type { CallLog } from './call-log.js';
import { createCallsInFlight } from './calls-in-flight.js';
import type { CallInFlight, InputChannel } from './client-requests.js';
import { createConnections } from './connections.js';
import { paramHeadersOf, paramHeaderValues } from './mcp-param-headers.js';
import { requestInRounds } from './multi-round-trip.js';
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

/** What the forwarder is built from. */
export interface ForwarderDeps {
  supervisor: SupervisorApi;
  clock: Clock;
  settings: () => CatalogSettings;
  /** The session's own connection to a per-session server (undefined: the session is gone). */
  openDedicated(server: string, sessionId: string): Promise<BackendConnection> | undefined;
  /** The tool a call names (throws with what to do when it cannot be called). */
  resolve(target: ToolTarget): CatalogTool;
  log: CallLog;
}

export function createForwarder(deps: ForwarderDeps): Forwarder {
  const { supervisor, clock } = deps;
  const connections = createConnections(deps);
  const inFlight = createCallsInFlight();
  const toolCalls = { resolve: deps.resolve, log: deps.log, clock, forward };

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
    const end = inFlight.enter(client, entry);
    try {
      const withMeta =
        ctx.meta !== undefined && Object.keys(ctx.meta).length > 0 ? { ...params, _meta: ctx.meta } : params;
      if (conn.era === 'modern' && MRTR_METHODS.has(method)) {
        const options = {
          ...requestOptions(deps.settings(), server, ctx),
          ...(ctx.headers !== undefined ? { headers: ctx.headers } : {}),
        };
        const result = await requestInRounds({ server, client, method }, withMeta, ctx, options, entry);
        // Only a result relayed to a 2026 client can still ask for input: it goes back as it is.
        return result['resultType'] === 'input_required' ? result : asSchema(result, schema);
      }
      if (conn.direct !== undefined && ctx.onProgress === undefined) {
        // The hot path: straight over the wire (no progress to route, so the Protocol adds nothing).
        // Without progress the idle limit is the whole limit.
        const limit = callTimeouts(deps.settings(), server).idle;
        const result = await conn.direct.request(
          method,
          withMeta,
          ctx.abort !== undefined
            ? { abort: ctx.abort, timeoutMs: limit }
            : { signal: ctx.signal, timeoutMs: limit },
        );
        return asSchema(result, schema);
      }
      return (await client.request(
        { method, params: withMeta } as Parameters<Client['request']>[0],
        schema,
        requestOptions(deps.settings(), server, ctx),
      )) as Record<string, unknown>;
    } catch (err) {
      throw normaliseError(err, server, method, ctx.headers);
    } finally {
      release();
      end();
    }
  }

  return {
    forward,
    callTool: (target, args, ctx) => callTool(toolCalls, target, args, ctx),
    ensureAwake: (server, ctx) => connections.ensureAwake(server, ctx),
    callsOn: (client) => inFlight.on(client),
    inFlight: (server) => inFlight.count(server),
  };
}

/** A tools/call to the tool `resolve` finds, with the `Mcp-Param-*` headers it declares, recorded. */
async function callTool(
  deps: {
    resolve(target: ToolTarget): CatalogTool;
    log: CallLog;
    clock: Clock;
    forward: Forwarder['forward'];
  },
  target: ToolTarget,
  args: Record<string, unknown>,
  ctx: ForwardContext,
): Promise<Record<string, unknown>> {
  const record = startRecord(deps.log, deps.clock, target, ctx);
  try {
    const tool = deps.resolve(target);
    const { server, name } = tool;
    record.resolved(server, name);
    // A 2026-era server checks the arguments its tool mirrors into headers: send them, as its
    // own clients do. (Most tools declare none: then nothing is allocated for it.)
    const declared = paramHeadersOf(tool.definition.inputSchema);
    const fc = declared.length === 0 ? ctx : withParamHeaders(ctx, paramHeaderValues(declared, args));
    const result = await deps.forward(
      server,
      'tools/call',
      { name, arguments: args },
      fc,
      CallToolResultSchema,
    );
    record.finish(true, result['isError'] === true ? { isError: true } : undefined);
    return result;
  } catch (err) {
    record.finish(false, { error: errorText(err) });
    throw err;
  }
}

/** How long a call may go without an answer or progress (`idle`), and in all (`total`). */
function callTimeouts(settings: CatalogSettings, server: string): { idle: number; total: number } {
  const cfg = settings.servers.get(server);
  const total = cfg?.timeout ?? settings.maxCallMs;
  return { idle: Math.min(cfg?.timeout ?? IDLE_CALL_TIMEOUT_MS, total), total };
}

/** The SDK's options for a request of `ctx` to `server`: its limits, its signal and its progress. */
function requestOptions(settings: CatalogSettings, server: string, ctx: ForwardContext) {
  const { idle, total } = callTimeouts(settings, server);
  return {
    signal: ctx.signal,
    timeout: idle,
    resetTimeoutOnProgress: true,
    maxTotalTimeout: total,
    onprogress: ctx.onProgress,
  };
}

/**
 * A tools/call result as the SDK's schema would hand it on: `content` defaults to an empty list.
 * The rest passes through untouched; the client validates what it receives.
 */
function asSchema(result: Record<string, unknown>, schema: ResultSchema): Record<string, unknown> {
  return schema !== CallToolResultSchema || Array.isArray(result['content'])
    ? result
    : { ...result, content: [] };
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

/** A tool call's record, taken when it ends: under the names the call resolved to, if it got that far. */
function startRecord(log: CallLog, clock: Clock, target: ToolTarget, ctx: CallContext) {
  const started = clock.now();
  let server = 'server' in target ? target.server : '?';
  let tool = 'name' in target ? target.name : target.id;
  return {
    resolved(s: string, name: string): void {
      server = s;
      tool = name;
    },
    finish(ok: boolean, outcome?: Pick<CallRecord, 'isError' | 'error'>): void {
      log.record({
        id: randomUUID(),
        at: started,
        server,
        tool,
        client: ctx.client,
        ...(ctx.profile !== undefined ? { profile: ctx.profile } : {}),
        sessionId: ctx.sessionId,
        durationMs: clock.now() - started,
        ok,
        ...outcome,
      });
    },
  };
}
