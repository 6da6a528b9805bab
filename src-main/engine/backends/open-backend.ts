import {
  type AuthProvider,
  Client,
  type Implementation,
  type PriorDiscovery,
  SdkError,
  SdkErrorCode,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type Transport,
} from '@modelcontextprotocol/client';

import { type ServerConfig, type TransportKind, transportOf } from '../../../src-shared/config.js';
import { GatewayError, isGatewayError } from '../../../src-shared/errors.js';
import { redactText, redactUrl, secretValues } from '../../../src-shared/redact.js';
import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, BackendEra, BackendHooks, Logger } from '../types.js';
import { type EraCache, eraCacheKey, type EraVerdict } from './era-cache.js';
import type { ProcessWatchdog } from './process-group.js';
import { type EarlyChildren, planStdioServer } from './stdio-spawn.js';
import { type LogSink, StdioChildTransport } from './stdio-transport.js';

/** The supervisor timings a backend needs. */
export interface BackendTimings {
  startTimeoutMs: number;
  stopGraceMs: number;
}

export interface OpenBackendOptions {
  hooks: BackendHooks;
  logger: Logger;
  settings: BackendTimings;
  /** The gateway's environment, source of the children's allow-listed variables. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Era/transport verdicts remembered across starts. Without it every start probes. */
  eraCache?: EraCache;
  /** Receives the child's stderr, stray stdout and the gateway's own lines about this server. */
  logSink?: LogSink;
  /** Aborts the connect (the child is stopped). */
  signal?: AbortSignal;
  /** Registers each child's process group so none outlives the gateway. */
  watchdog?: ProcessWatchdog;
  /**
   * Set when the gateway was started from a GUI: returns the login shell's PATH, put in front
   * of the inherited PATH (unless the server's env sets PATH itself).
   */
  loginShellPath?: () => Promise<string | undefined>;
  /** Passed to `hooks.prepare` for a per-session connection. */
  dedicatedFor?: string;
  clientInfo?: Implementation;
  /** Children the engine spawned before loading the SDK; the first transport with the same plan takes its child. */
  earlyChildren?: Pick<EarlyChildren, 'take'>;
  /** OAuth for a remote server (bearer token, refresh on 401, step-up watch); see engine/oauth. */
  authFor?: (name: string, config: ServerConfig) => RemoteAuth | undefined;
}

/** The transport hooks a signed-in remote server gets. */
export interface RemoteAuth {
  authProvider: AuthProvider;
  fetch: typeof fetch;
}

const DEFAULT_CLIENT_INFO: Implementation = { name: 'mcp-gateway', version: '0.1.0' };

/** How long the `server/discover` probe may stay unanswered before a stdio server counts as legacy. */
function probeTimeout(startTimeoutMs: number): number {
  return Math.max(1_000, Math.min(10_000, Math.floor(startTimeoutMs / 3)));
}

function describe(err: unknown): string {
  return errorText(err);
}

/** The HTTP status behind an SDK error, looking through `cause`s. */
export function httpStatusOf(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (typeof e === 'object') {
      const status =
        (e as { status?: unknown }).status ?? (e as { data?: { status?: unknown } }).data?.status;
      if (typeof status === 'number') {
        return status;
      }
      const code = (e as { code?: unknown }).code;
      if (
        typeof code === 'number' &&
        code >= 400 &&
        code < 600 &&
        e instanceof Error &&
        /HTTP|status/i.test(e.message)
      ) {
        return code;
      }
      e = (e as { cause?: unknown }).cause;
    } else {
      break;
    }
  }
  return undefined;
}

function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (err instanceof Error && err.name === 'AbortError');
}

interface Attempt {
  client: Client;
  transport: Transport;
}

/**
 * Open a live, initialised connection to one configured server.
 *
 * - stdio: the command is checked (refused env keys and interpreter flags), resolved on the
 *   child's PATH, and spawned in its own process group with an allow-listed environment.
 * - `http` / `sse`: the SDK's client transports with the configured headers; a URL without a
 *   type tries Streamable HTTP and falls back to SSE only on HTTP 400/404/405.
 * - The protocol era is negotiated (`versionNegotiation: auto`) the first time and remembered
 *   in `eraCache`; a remembered verdict that no longer works is dropped and negotiated again.
 *
 * Throws `GatewayError` (`ENV_KEY_REFUSED`, `ARG_REFUSED`, `COMMAND_NOT_FOUND`,
 * `BACKEND_UNREACHABLE`, `BACKEND_PROTOCOL`, `TIMEOUT`) with a message a person can act on.
 */
export async function openBackend(
  name: string,
  config: ServerConfig,
  options: OpenBackendOptions,
): Promise<BackendConnection> {
  const kind = transportOf(config);
  const log = options.logger.child({ server: name });
  const sink: LogSink = options.logSink ?? (() => undefined);
  // The last stderr lines explain most failed starts ("Error: API key missing").
  const tail: string[] = [];
  const logSink: LogSink = (stream, line) => {
    if (stream === 'stderr') {
      tail.push(line);
      if (tail.length > 5) {
        tail.shift();
      }
    }
    sink(stream, line);
  };
  // How the last stdio child ended, for the error message of a failed start.
  let lastExit: string | undefined;
  const key = eraCacheKey(name, config);
  const cached = options.eraCache?.get(key);
  const opener =
    kind === 'stdio'
      ? await stdioOpener(name, config, options, logSink)
      : remoteOpener(name, config, kind, options.authFor?.(name, config));

  const newClient = (negotiate: boolean): Client => {
    const client = new Client(options.clientInfo ?? DEFAULT_CLIENT_INFO, {
      capabilities: options.hooks.capabilities(name),
      ...(negotiate
        ? {
            versionNegotiation: {
              mode: 'auto',
              probe: { timeoutMs: probeTimeout(options.settings.startTimeoutMs) },
            },
          }
        : {}),
    });
    options.hooks.prepare(name, client, options.dedicatedFor);
    return client;
  };

  const connectOnce = async (
    transportKind: 'stdio' | 'http' | 'sse',
    prior: PriorDiscovery | undefined,
  ): Promise<Attempt> => {
    const client = newClient(prior === undefined);
    const transport = opener(transportKind);
    try {
      await client.connect(transport, {
        timeout: options.settings.startTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(prior ? { prior } : {}),
      });
      if (prior?.kind === 'modern') {
        // A stale modern verdict would only fail at the first real request: confirm it now,
        // with the same single round trip the probe costs.
        await client.discover({ timeout: probeTimeout(options.settings.startTimeoutMs) });
      }
      return { client, transport };
    } catch (err) {
      await client.close().catch(() => undefined);
      await transport.close().catch(() => undefined);
      if (transport instanceof StdioChildTransport) {
        lastExit = transport.exitDescription();
      }
      throw err;
    }
  };

  const priorOf = (v: EraVerdict | undefined): PriorDiscovery | undefined =>
    v === undefined
      ? undefined
      : v.era === 'modern' && v.discover !== undefined
        ? { kind: 'modern', discover: v.discover }
        : v.era === 'legacy'
          ? { kind: 'legacy' }
          : undefined;

  const negotiate = async (transportKind: 'stdio' | 'http' | 'sse', prior: PriorDiscovery | undefined) => {
    if (prior !== undefined) {
      try {
        return await connectOnce(transportKind, prior);
      } catch (err) {
        if (isAbort(err, options.signal) || isGatewayError(err)) {
          throw err;
        }
        log.info('remembered protocol era did not work; negotiating again', {
          era: prior.kind,
          err: redactText(describe(err), secretValues(config)),
        });
        options.eraCache?.delete(key);
      }
    }
    try {
      return await connectOnce(transportKind, undefined);
    } catch (err) {
      // Some stdio servers exit on any request before `initialize`: that is a legacy server,
      // but the in-place probe spent its process, so start a fresh one for the handshake.
      if (
        transportKind === 'stdio' &&
        err instanceof SdkError &&
        err.code === SdkErrorCode.EraNegotiationFailed &&
        /closed during the server\/discover probe/.test(err.message)
      ) {
        logSink(
          'gateway',
          'the server closed during the protocol probe; starting it again without the probe',
        );
        tail.length = 0;
        return connectOnce(transportKind, { kind: 'legacy' });
      }
      throw err;
    }
  };

  const startedAt = Date.now();
  let attempt: Attempt;
  let used: 'stdio' | 'http' | 'sse';
  try {
    if (kind === 'auto') {
      // Streamable HTTP first, unless SSE is what worked last time (then SSE first, in case
      // the server has since moved to Streamable HTTP).
      const order: Array<'http' | 'sse'> = cached?.transport === 'sse' ? ['sse', 'http'] : ['http', 'sse'];
      let found: Attempt | undefined;
      used = 'http';
      for (const [i, t] of order.entries()) {
        used = t;
        try {
          found = await negotiate(t, cached?.transport === t ? priorOf(cached) : undefined);
          break;
        } catch (err) {
          const status = httpStatusOf(err);
          const last = i === order.length - 1;
          // Per the spec, only these statuses mean "not this transport here"; never after a 401.
          if (last || status === undefined || ![400, 404, 405].includes(status)) {
            throw err;
          }
          const next = order[i + 1] === 'sse' ? 'SSE' : 'Streamable HTTP';
          log.info(`${t} refused; trying ${next}`, { status });
          logSink(
            'gateway',
            `${t === 'http' ? 'Streamable HTTP' : 'SSE'} answered ${status}; falling back to ${next}`,
          );
        }
      }
      if (found === undefined) {
        throw new Error('no transport answered');
      }
      attempt = found;
    } else {
      used = kind;
      attempt = await negotiate(kind, priorOf(cached));
    }
  } catch (err) {
    throw toGatewayError(name, config, err, options, tail, lastExit);
  }

  const { client, transport } = attempt;
  const era: BackendEra = client.getProtocolEra() ?? 'legacy';
  const discover = client.getDiscoverResult();
  // A stdio probe that timed out also yields "legacy", but a slow starter may be modern:
  // only a verdict reached faster than the probe timeout is worth remembering.
  const slow = era === 'legacy' && Date.now() - startedAt >= probeTimeout(options.settings.startTimeoutMs);
  if (!slow) {
    options.eraCache?.set(key, {
      era,
      ...(era === 'modern' && discover !== undefined ? { discover } : {}),
      ...(kind === 'auto' && used !== 'stdio' ? { transport: used } : {}),
      at: Date.now(),
    });
  }
  return makeConnection(name, used, client, transport, era, logSink);
}

function makeConnection(
  name: string,
  used: 'stdio' | 'http' | 'sse',
  client: Client,
  transport: Transport,
  era: BackendEra,
  logSink: LogSink,
): BackendConnection {
  let closing = false;
  let settle!: (v: { reason: string }) => void;
  const closed = new Promise<{ reason: string }>((resolve) => {
    settle = resolve;
  });
  const reasonOf = () =>
    transport instanceof StdioChildTransport
      ? (transport.exitDescription() ?? 'stdio closed')
      : 'connection closed';
  const previousOnError = client.onerror;
  client.onerror = (err) => {
    previousOnError?.(err);
    // Transport trouble (a dropped SSE stream, a stray reply) is worth a line in the server's log.
    logSink('gateway', `connection error: ${err.message.slice(0, 500)}`);
  };
  const protocolWarnings: string[] = [];
  if (era === 'modern') {
    tolerateModernDeviations(client, (warning) => {
      protocolWarnings.push(warning);
      logSink('gateway', `protocol warning: ${warning}`);
    });
  }
  const previousOnClose = client.onclose;
  client.onclose = () => {
    previousOnClose?.();
    settle({ reason: closing ? 'stopped by the gateway' : reasonOf() });
  };
  return {
    server: name,
    client,
    transport: used,
    era,
    protocolVersion: client.getNegotiatedProtocolVersion(),
    serverInfo: client.getServerVersion(),
    instructions: client.getInstructions(),
    protocolWarnings,
    pid: transport instanceof StdioChildTransport ? transport.pid : undefined,
    // 2026-era requests carry envelope material only the Protocol's codec writes.
    ...(transport instanceof StdioChildTransport && era === 'legacy' ? { direct: transport } : {}),
    closed,
    async close() {
      if (closing) {
        await closed;
        return;
      }
      closing = true;
      if (transport instanceof StreamableHTTPClientTransport && transport.sessionId !== undefined) {
        // Let the server free the session; a server that is gone must not hold up the stop.
        await Promise.race([
          transport.terminateSession().catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
        ]);
      }
      await client.close().catch(() => undefined);
      await transport.close().catch(() => undefined);
      settle({ reason: 'stopped by the gateway' });
    },
  };
}

/**
 * Be lenient in what a 2026-07-28 backend sends, where the meaning is plain: the SDK would fail
 * the whole request, although the server works with clients that read the result as complete.
 * Each kind of deviation is reported once per connection. (`_onresponse` is the Protocol's
 * documented override point; it sees each response before the era codec decodes it.)
 */
function tolerateModernDeviations(client: Client, warn: (warning: string) => void): void {
  const seen = new Set<string>();
  const once = (key: string, text: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      warn(text);
    }
  };
  const target = client as unknown as { _onresponse: (response: unknown) => void };
  const original = target._onresponse.bind(client);
  target._onresponse = (response) => {
    const result = (response as { result?: unknown }).result;
    if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
      const r = result as Record<string, unknown>;
      if (r['resultType'] === undefined) {
        // Taken as complete, as for every earlier protocol revision.
        r['resultType'] = 'complete';
        once(
          'resultType',
          'results come without "resultType" (required by 2026-07-28); they are taken as complete',
        );
      }
    }
    original(response);
  };
}

type Opener = (kind: 'stdio' | 'http' | 'sse') => Transport;

async function stdioOpener(
  name: string,
  config: ServerConfig,
  options: OpenBackendOptions,
  logSink: LogSink,
): Promise<Opener> {
  const hasOwnPath = Object.keys(config.env ?? {}).some((k) => k.toUpperCase() === 'PATH');
  const loginPath =
    options.loginShellPath !== undefined && !hasOwnPath && process.platform !== 'win32'
      ? await options.loginShellPath()
      : undefined;
  const plan = planStdioServer(name, config, options.env ?? process.env, loginPath);
  return () =>
    new StdioChildTransport({
      ...plan,
      stopGraceMs: options.settings.stopGraceMs,
      logSink,
      watchdog: options.watchdog,
      adopt: () => options.earlyChildren?.take(plan),
    });
}

function remoteOpener(
  name: string,
  config: ServerConfig,
  kind: TransportKind,
  remoteAuth: RemoteAuth | undefined,
): Opener {
  let url: URL;
  try {
    url = new URL(config.url ?? '');
  } catch {
    throw new GatewayError(
      'CONFIG_INVALID',
      `mcpServers.${name}.url is not a valid URL: '${redactText(config.url ?? '', secretValues(config))}'`,
      {
        field: `mcpServers.${name}.url`,
      },
    );
  }
  const requestInit: RequestInit = config.headers ? { headers: { ...config.headers } } : {};
  const authOptions = remoteAuth ? { authProvider: remoteAuth.authProvider, fetch: remoteAuth.fetch } : {};
  return (t) => {
    if (t === 'sse' || (kind === 'sse' && t !== 'http')) {
      // The SDK sends `requestInit` headers on the SSE GET as well as on each POST.
      return new SSEClientTransport(url, { requestInit, ...authOptions });
    }
    return new StreamableHTTPClientTransport(url, { requestInit, ...authOptions });
  };
}

/**
 * The error of a failed start, in words a person can act on. It reaches the server's last
 * error, state events, notifications and logs, so the expanded config's credentials (URL
 * userinfo, secret query values, `${secret:…}` expansions, `--token` values, which the SDK's
 * own messages and a server's stderr may repeat) are redacted here.
 */
function toGatewayError(
  name: string,
  config: ServerConfig,
  err: unknown,
  options: OpenBackendOptions,
  tail: readonly string[],
  lastExit: string | undefined,
): unknown {
  if (isGatewayError(err) || isAbort(err, options.signal)) {
    return err;
  }
  const made = describeFailure(name, config, err, options, tail, lastExit);
  const message = redactText(made.message, secretValues(config));
  return message === made.message ? made : new GatewayError(made.code, message, { cause: err });
}

function describeFailure(
  name: string,
  config: ServerConfig,
  err: unknown,
  options: OpenBackendOptions,
  tail: readonly string[],
  lastExit: string | undefined,
): GatewayError {
  const detail = describe(err);
  const stderr = tail.length > 0 ? ` — stderr: ${tail.join(' | ')}` : '';
  const where = config.url !== undefined ? `'${redactUrl(config.url)}'` : `'${config.command ?? ''}'`;
  if (err instanceof SdkError && err.code === SdkErrorCode.RequestTimeout) {
    return new GatewayError(
      'TIMEOUT',
      `server '${name}' did not complete the MCP handshake within ${options.settings.startTimeoutMs} ms (${where})${stderr}`,
      { cause: err },
    );
  }
  const status = httpStatusOf(err);
  if (status === 401 && options.authFor?.(name, config) !== undefined) {
    // A fresh token was refused too: only a new sign-in helps.
    return new GatewayError(
      'SIGN_IN_REQUIRED',
      `server '${name}' refused the gateway's access token (HTTP 401): sign in again (\`mcp-gateway servers login ${name}\`)`,
      { cause: err },
    );
  }
  if (status === 401 || status === 403) {
    return new GatewayError(
      'BACKEND_UNREACHABLE',
      `server '${name}' refused access (HTTP ${status}) — check the credentials in mcpServers.${name}.headers`,
      { cause: err },
    );
  }
  if (
    err instanceof SdkError &&
    (err.code === SdkErrorCode.ConnectionClosed || err.code === SdkErrorCode.EraNegotiationFailed) &&
    config.command !== undefined
  ) {
    const what =
      lastExit !== undefined && lastExit !== 'killed by SIGTERM' ? lastExit : 'closed the connection';
    return new GatewayError(
      'BACKEND_UNREACHABLE',
      `server '${name}' ${what} before the MCP handshake finished${stderr}`,
      { cause: err },
    );
  }
  if (status !== undefined) {
    return new GatewayError(
      'BACKEND_UNREACHABLE',
      `server '${name}' at ${where} answered HTTP ${status}: ${detail}`,
      {
        cause: err,
      },
    );
  }
  if (config.url !== undefined) {
    return new GatewayError('BACKEND_UNREACHABLE', `server '${name}' at ${where} is unreachable: ${detail}`, {
      cause: err,
    });
  }
  return new GatewayError('BACKEND_PROTOCOL', `server '${name}' failed to start: ${detail}${stderr}`, {
    cause: err,
  });
}
