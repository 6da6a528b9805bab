import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerContext,
} from '@modelcontextprotocol/server';

import { isGatewayError } from '../../../src-shared/errors.js';
import {
  anyResult,
  type Catalog,
  type ClientRequestMethod,
  type ForwardContext,
  type InputChannel,
  type Scope,
} from '../catalog/index.js';
import type { MetaToolset } from '../context/index.js';
import type { Logger } from '../types.js';
import { needsCapability } from './capabilities.js';
import type { MrtrBridge } from './mrtr.js';

/** Human input can take a while: server→client requests wait this long without progress. */
export const CLIENT_REQUEST_TIMEOUT_MS = 10 * 60_000;

/** Meta mode: a few fixed tools (plus pinned ones) instead of every tool. */
export type MetaTools = Pick<MetaToolset, 'tools' | 'call' | 'isMetaTool'>;

export interface ServerEnv {
  catalog: Catalog;
  scope: Scope;
  logger: Logger;
  version: string;
  era: 'legacy' | 'modern';
  /** Legacy sessions only. */
  sessionId?: string;
  /** Client name for call records. */
  clientName(server: Server, ctx?: ServerContext): string;
  /** The caller's profile, for call records (absent without a token). */
  profile?: string;
  /** Modern requests: the input_required bridge. */
  bridge?: MrtrBridge;
  meta?: MetaTools;
  onRootsChanged?: () => void;
}

/** Everything is declared up front: the SDK refuses new capabilities after connect. */
const FRONTEND_CAPABILITIES = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
};

/** The error for a server→client request the client did not declare a capability for, if any. */
export function missingCapability(
  server: Server,
  clientName: () => string,
  method: ClientRequestMethod,
  params: Record<string, unknown> | undefined,
): ProtocolError | undefined {
  const missing = needsCapability(server.getClientCapabilities(), method, params);
  return missing === undefined
    ? undefined
    : new ProtocolError(
        ProtocolErrorCode.MethodNotFound,
        `The client "${clientName()}" does not support ${missing}, so the gateway cannot forward ${method} to it.`,
      );
}

/** Push-style channel for a 2025-era session: the request rides the triggering POST's stream. */
function legacyInput(server: Server, ctx: ServerContext | undefined, clientName: () => string): InputChannel {
  return {
    async request(method, params, signal) {
      const missing = missingCapability(server, clientName, method, params);
      if (missing !== undefined) {
        throw missing;
      }
      const options = {
        signal: ctx === undefined ? signal : AbortSignal.any([signal, ctx.mcpReq.signal]),
        timeout: CLIENT_REQUEST_TIMEOUT_MS,
        resetTimeoutOnProgress: true,
      };
      const request = { method, params } as { method: string; params?: Record<string, unknown> };
      if (ctx !== undefined) {
        return (await ctx.mcpReq.send(request, anyResult, options)) as Record<string, unknown>;
      }
      return (await server.request(request, anyResult, options)) as Record<string, unknown>;
    },
  };
}

/** Session-level channel (the GET stream), for requests not tied to one call. */
export function sessionInput(server: Server, clientName: () => string): InputChannel {
  return legacyInput(server, undefined, clientName);
}

/** Engine errors become JSON-RPC errors clients understand; backend errors pass through. */
export function toProtocolError(err: unknown): unknown {
  if (isGatewayError(err)) {
    const code =
      err.code === 'TOOL_NOT_FOUND' ||
      err.code === 'TOOL_AMBIGUOUS' ||
      err.code === 'TOOL_DISABLED' ||
      err.code === 'SERVER_NOT_FOUND'
        ? ProtocolErrorCode.InvalidParams
        : ProtocolErrorCode.InternalError;
    return new ProtocolError(code, err.message, { code: err.code });
  }
  return err;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProtocolError(err);
  }
}

/** Clients before 2025-06-18 do not know structuredContent: give them the JSON as text too. */
export function mirrorStructured(
  result: Record<string, unknown>,
  protocolVersion: string | undefined,
): Record<string, unknown> {
  if (
    protocolVersion === undefined ||
    protocolVersion >= '2025-06-18' ||
    result['structuredContent'] === undefined
  ) {
    return result;
  }
  const content = Array.isArray(result['content']) ? (result['content'] as unknown[]) : [];
  if (content.some((c) => (c as { type?: string }).type === 'text')) {
    return result;
  }
  return {
    ...result,
    content: [...content, { type: 'text', text: JSON.stringify(result['structuredContent']) }],
  };
}

function forwardContext(
  env: ServerEnv,
  server: Server,
  ctx: ServerContext,
  input: InputChannel | undefined,
): ForwardContext {
  const meta = ctx.mcpReq._meta as Record<string, unknown> | undefined;
  let rest: Record<string, unknown> | undefined;
  let progressToken: unknown;
  if (meta !== undefined) {
    ({ progressToken, ...rest } = meta);
  }
  // A 2026-era backend hears what this client declared, so it refuses what the client cannot answer.
  const envelope =
    env.era === 'modern' ? (ctx.mcpReq.envelope as Record<string, unknown> | undefined) : undefined;
  const declared = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  return {
    client: env.clientName(server, ctx),
    ...(env.profile !== undefined ? { profile: env.profile } : {}),
    sessionId: env.sessionId,
    signal: ctx.mcpReq.signal,
    meta: rest,
    ...(declared !== undefined ? { clientCapabilities: declared } : {}),
    input,
    onLog: (params) => {
      void ctx.mcpReq
        .log(params.level as Parameters<ServerContext['mcpReq']['log']>[0], params.data, params.logger)
        .catch(() => undefined);
    },
    onProgress:
      progressToken === undefined
        ? undefined
        : (p) => {
            void ctx.mcpReq
              .notify({
                method: 'notifications/progress',
                params: { ...p, progressToken } as Record<string, unknown>,
              })
              .catch(() => undefined);
          },
  };
}

/** A tools/call within a scope: meta tools first, then the catalog (waiting for servers still starting). */
export async function callInScope(
  env: Pick<ServerEnv, 'catalog' | 'scope' | 'meta'>,
  toolName: string,
  args: Record<string, unknown>,
  fc: ForwardContext,
): Promise<Record<string, unknown>> {
  const { catalog, scope } = env;
  if (env.meta?.isMetaTool(toolName) === true) {
    const metaResult = await env.meta.call(toolName, args, fc);
    if (metaResult !== undefined) {
      return metaResult as Record<string, unknown>;
    }
  }
  let target = catalog.resolveTool(scope, toolName);
  if (target === undefined) {
    // A client calling right after the gateway started may know a tool whose server is still starting.
    await catalog.startupSettled();
    target = catalog.resolveTool(scope, toolName);
  }
  if (target === undefined) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Unknown tool "${toolName}". List the tools to see what is available.`,
    );
  }
  return catalog.callTool(target, args, fc);
}

/** The client's retry material, as it came (never rewritten: the backend verifies requestState). */
function relayOf(ctx: ServerContext): NonNullable<ForwardContext['relay']> {
  const state = ctx.mcpReq.requestState();
  return {
    ...(ctx.mcpReq.inputResponses !== undefined ? { inputResponses: ctx.mcpReq.inputResponses } : {}),
    ...(typeof state === 'string' ? { requestState: state } : {}),
  };
}

/** One low-level Server speaking for the catalog within a scope. */
export function buildServer(env: ServerEnv): Server {
  const { scope } = env;
  const server = new Server(
    {
      name: scope.server === undefined ? 'mcp-gateway' : `mcp-gateway/${scope.server}`,
      version: env.version,
    },
    {
      capabilities: FRONTEND_CAPABILITIES,
      ...(env.bridge === undefined ? {} : { requestState: { verify: env.bridge.verify } }),
    },
  );
  const name = () => env.clientName(server);

  registerLists(server, env);
  registerToolCall(server, env, name);
  registerForwarded(server, env, name);
  registerSubscriptions(server, env);
  server.setNotificationHandler('notifications/roots/list_changed', () => env.onRootsChanged?.());
  return server;
}

/** The lists of the scope (or the meta tools), once start-up has settled. */
function registerLists(server: Server, env: ServerEnv): void {
  const { catalog, scope } = env;
  server.setRequestHandler('tools/list', async () => {
    await catalog.startupSettled();
    if (env.meta !== undefined) {
      return { tools: env.meta.tools() };
    }
    return { tools: catalog.listTools(scope) };
  });

  server.setRequestHandler('resources/list', async () => {
    await catalog.startupSettled();
    return { resources: catalog.listResources(scope) };
  });
  server.setRequestHandler('resources/templates/list', async () => {
    await catalog.startupSettled();
    return { resourceTemplates: catalog.listResourceTemplates(scope) };
  });
  server.setRequestHandler('prompts/list', async () => {
    await catalog.startupSettled();
    return { prompts: catalog.listPrompts(scope) };
  });
}

/** tools/call: to the tool's server, through the multi-round-trip bridge for a 2026 client. */
function registerToolCall(server: Server, env: ServerEnv, name: () => string): void {
  const { catalog, scope } = env;
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    const toolName = request.params.name;
    const call = (
      input: InputChannel | undefined,
      fctx?: Partial<ForwardContext>,
    ): Promise<Record<string, unknown>> =>
      callInScope(env, toolName, args, { ...forwardContext(env, server, ctx, input), ...fctx });
    return guarded(async () => {
      if (env.bridge !== undefined) {
        // 2026 client and 2026 backend: the backend's input_required and the client's retry pass
        // through untouched (a gateway-minted requestState decodes to an object instead).
        const state = ctx.mcpReq.requestState();
        const target =
          env.meta?.isMetaTool(toolName) === true ? undefined : catalog.resolveTool(scope, toolName);
        if (
          target !== undefined &&
          catalog.eraOf(target.server) === 'modern' &&
          (state === undefined || typeof state === 'string')
        ) {
          return (await call(undefined, { relay: relayOf(ctx) })) as never;
        }
        const progress = forwardContext(env, server, ctx, undefined).onProgress;
        return (await env.bridge.run(
          ctx,
          (round) => call(round.input, { signal: round.signal, onProgress: (p) => round.onProgress(p) }),
          progress,
        )) as never;
      }
      const result = await call(legacyInput(server, ctx, name));
      return mirrorStructured(result, server.getNegotiatedProtocolVersion()) as never;
    });
  });
}

/** resources/read, prompts/get and completion/complete: forwarded with the client's input channel. */
function registerForwarded(server: Server, env: ServerEnv, name: () => string): void {
  const { catalog, scope } = env;
  const input = (ctx: ServerContext) => (env.era === 'legacy' ? legacyInput(server, ctx, name) : undefined);
  /**
   * resources/read and prompts/get. 2025 clients: the session's channel. 2026 clients: a 2026-era
   * backend's input_required passes through as for tools/call (its retry carries the backend's
   * own requestState), and a 2025-era backend's server→client requests become input_required
   * rounds through the bridge (the catalog uses the relay or the channel, by the backend's era).
   */
  const forwarded = (ctx: ServerContext, send: (fc: ForwardContext) => Promise<Record<string, unknown>>) =>
    guarded(async () => {
      const base = forwardContext(env, server, ctx, input(ctx));
      const state = ctx.mcpReq.requestState();
      if (env.era !== 'modern' || env.bridge === undefined || typeof state === 'string') {
        return (await send(env.era === 'modern' ? { ...base, relay: relayOf(ctx) } : base)) as never;
      }
      const relay = state === undefined ? relayOf(ctx) : {};
      return (await env.bridge.run(
        ctx,
        (round) =>
          send({
            ...base,
            input: round.input,
            signal: round.signal,
            relay,
            onProgress: (p) => round.onProgress(p),
          }),
        base.onProgress,
      )) as never;
    });
  server.setRequestHandler('resources/read', (request, ctx) =>
    forwarded(ctx, (fc) => catalog.readResource(scope, request.params as Record<string, unknown>, fc)),
  );
  server.setRequestHandler('prompts/get', (request, ctx) =>
    forwarded(ctx, (fc) => catalog.getPrompt(scope, request.params as Record<string, unknown>, fc)),
  );
  server.setRequestHandler('completion/complete', (request, ctx) =>
    guarded(
      async () =>
        (await catalog.complete(
          scope,
          request.params as Record<string, unknown>,
          forwardContext(env, server, ctx, input(ctx)),
        )) as never,
    ),
  );
}

/** resources/subscribe and unsubscribe, for a session (a 2026 request has none to keep them in). */
function registerSubscriptions(server: Server, env: ServerEnv): void {
  const { catalog, scope } = env;
  if (env.sessionId !== undefined) {
    const sessionId = env.sessionId;
    server.setRequestHandler('resources/subscribe', (request) =>
      guarded(async () => {
        await catalog.subscribe(sessionId, scope, request.params.uri);
        return {};
      }),
    );
    server.setRequestHandler('resources/unsubscribe', (request) =>
      guarded(async () => {
        await catalog.unsubscribe(sessionId, scope, request.params.uri);
        return {};
      }),
    );
  }
}
