import {
  Client,
  type Implementation,
  type PriorDiscovery,
  SdkError,
  SdkErrorCode,
  type Transport,
} from '@modelcontextprotocol/client';

import type { ServerConfig, TransportKind } from '../../../src-shared/config.js';
import { isGatewayError } from '../../../src-shared/errors.js';
import { redactText, secretValues } from '../../../src-shared/redact.js';
import { errorText } from '../../../src-shared/values.js';
import type { BackendEra, Logger } from '../types.js';
import type { EraVerdict } from './era-cache.js';
import type { OpenBackendOptions } from './open-options.js';
import { isAbort } from './start-errors.js';
import type { StartLog } from './start-log.js';
import { StdioChildTransport } from './stdio-transport.js';
import type { Opener } from './transport-openers.js';

export type TransportUsed = 'stdio' | 'http' | 'sse';

/** A client connected and initialised over its transport. */
export interface Attempt {
  client: Client;
  transport: Transport;
}

/** What one start of one server negotiates with. */
export interface NegotiationEnv {
  name: string;
  config: ServerConfig;
  options: OpenBackendOptions;
  opener: Opener;
  startLog: StartLog;
  /** The gateway's log, scoped to the server. */
  log: Logger;
  /** The server's key in the era cache. */
  key: string;
}

const DEFAULT_CLIENT_INFO: Implementation = { name: 'mcp-gateway', version: '0.1.0' };

/** How long the `server/discover` probe may stay unanswered before a stdio server counts as legacy. */
export function probeTimeout(startTimeoutMs: number): number {
  return Math.max(1_000, Math.min(10_000, Math.floor(startTimeoutMs / 3)));
}

/** What a remembered verdict tells the handshake (undefined: negotiate). */
export function priorOf(v: EraVerdict | undefined): PriorDiscovery | undefined {
  return v === undefined
    ? undefined
    : v.era === 'modern' && v.discover !== undefined
      ? { kind: 'modern', discover: v.discover }
      : v.era === 'legacy'
        ? { kind: 'legacy' }
        : undefined;
}

function newClient(env: NegotiationEnv, negotiate: boolean): Client {
  const { options } = env;
  const client = new Client(options.clientInfo ?? DEFAULT_CLIENT_INFO, {
    capabilities: options.hooks.capabilities(env.name),
    ...(negotiate
      ? {
          versionNegotiation: {
            mode: 'auto',
            probe: { timeoutMs: probeTimeout(options.settings.startTimeoutMs) },
          },
        }
      : {}),
  });
  options.hooks.prepare(env.name, client, options.dedicatedFor);
  return client;
}

async function connectOnce(
  env: NegotiationEnv,
  transportKind: TransportUsed,
  prior: PriorDiscovery | undefined,
): Promise<Attempt> {
  const { options } = env;
  const client = newClient(env, prior === undefined);
  const transport = env.opener(transportKind);
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
      env.startLog.lastExit = transport.exitDescription();
    }
    throw err;
  }
}

/**
 * Connect over one transport: with the remembered era when there is one (dropped from the cache
 * and negotiated again if it no longer works), else negotiated (`versionNegotiation: auto`).
 */
export async function negotiate(
  env: NegotiationEnv,
  transportKind: TransportUsed,
  prior: PriorDiscovery | undefined,
): Promise<Attempt> {
  if (prior !== undefined) {
    try {
      return await connectOnce(env, transportKind, prior);
    } catch (err) {
      if (isAbort(err, env.options.signal) || isGatewayError(err)) {
        throw err;
      }
      env.log.info('remembered protocol era did not work; negotiating again', {
        era: prior.kind,
        err: redactText(errorText(err), secretValues(env.config)),
      });
      env.options.eraCache?.delete(env.key);
    }
  }
  try {
    return await connectOnce(env, transportKind, undefined);
  } catch (err) {
    // Some stdio servers exit on any request before `initialize`: that is a legacy server,
    // but the in-place probe spent its process, so start a fresh one for the handshake.
    if (
      transportKind === 'stdio' &&
      err instanceof SdkError &&
      err.code === SdkErrorCode.EraNegotiationFailed &&
      /closed during the server\/discover probe/.test(err.message)
    ) {
      env.startLog.sink(
        'gateway',
        'the server closed during the protocol probe; starting it again without the probe',
      );
      env.startLog.clearTail();
      return connectOnce(env, transportKind, { kind: 'legacy' });
    }
    throw err;
  }
}

/**
 * Remember the era (and for a URL without a type, the transport) the server was reached with.
 * A stdio probe that timed out also yields "legacy", but a slow starter may be modern: only a
 * verdict reached faster than the probe timeout is worth remembering.
 */
export function rememberEra(
  env: NegotiationEnv,
  kind: TransportKind,
  used: TransportUsed,
  client: Client,
  startedAt: number,
): BackendEra {
  const era: BackendEra = client.getProtocolEra() ?? 'legacy';
  const discover = client.getDiscoverResult();
  const slow =
    era === 'legacy' && Date.now() - startedAt >= probeTimeout(env.options.settings.startTimeoutMs);
  if (!slow) {
    env.options.eraCache?.set(env.key, {
      era,
      ...(era === 'modern' && discover !== undefined ? { discover } : {}),
      ...(kind === 'auto' && used !== 'stdio' ? { transport: used } : {}),
      at: Date.now(),
    });
  }
  return era;
}
