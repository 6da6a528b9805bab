import {
  type Client,
  type ClientCapabilities,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/client';
import { CLIENT_CAPABILITIES_META_KEY } from '@modelcontextprotocol/server';

import { GatewayError } from '../../../src-shared/errors.js';
import type { CallInFlight, ClientRequestMethod, InputChannel } from './client-requests.js';
import { anyResult } from './wire.js';

/** Rounds of input a 2026-era backend may ask for within one call bridged for a 2025 client. */
const MAX_INPUT_ROUNDS = 10;

/** What a multi round-trip request needs of its forwarding context. */
export interface RoundsContext {
  signal?: AbortSignal;
  /** The calling session's channel for input requests (2025-era clients). */
  input?: InputChannel;
  /** A 2026 client's retry material; set, the backend's `input_required` goes back as it is. */
  relay?: { inputResponses?: unknown; requestState?: string };
  clientCapabilities?: ClientCapabilities;
}

type RequestOptions = NonNullable<Parameters<Client['request']>[2]>;

/**
 * A multi round-trip request to a 2026-era backend. For a 2026 client (`ctx.relay`) its
 * `input_required` result is the answer, relayed as it is: no call is parked and nothing needs
 * matching. For a 2025 client each input request becomes a server→client request on the
 * calling session's own channel, and the gateway retries with the answers and the backend's
 * `requestState`, byte for byte. Only a relayed result can be `input_required`.
 */
export async function requestInRounds(
  call: { server: string; client: Client; method: string },
  params: Record<string, unknown>,
  ctx: RoundsContext,
  options: RequestOptions,
  entry: CallInFlight,
): Promise<Record<string, unknown>> {
  const { server, client, method } = call;
  const base = withClientCapabilities(params, ctx.clientCapabilities);
  let current = ctx.relay === undefined ? base : withRetry(base, ctx.relay);
  for (let round = 0; ; round++) {
    const result = (await client.request(
      { method, params: current } as Parameters<Client['request']>[0],
      anyResult,
      { ...options, allowInputRequired: true },
    )) as Record<string, unknown>;
    if (result['resultType'] !== 'input_required' || ctx.relay !== undefined) {
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
  ctx: RoundsContext,
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
