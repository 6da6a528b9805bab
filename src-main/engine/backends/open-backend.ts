import { type ServerConfig, transportOf } from '../../../src-shared/config.js';
import type { BackendConnection } from '../types.js';
import { makeConnection } from './backend-connection.js';
import { eraCacheKey } from './era-cache.js';
import { negotiate, type NegotiationEnv, priorOf, rememberEra } from './negotiation.js';
import type { OpenBackendOptions } from './open-options.js';
import { toGatewayError } from './start-errors.js';
import { createStartLog } from './start-log.js';
import { connectEither } from './transport-choice.js';
import { remoteOpener, stdioOpener } from './transport-openers.js';

export type { BackendTimings, OpenBackendOptions, RemoteAuth } from './open-options.js';

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
  const startLog = createStartLog(options.logSink);
  const key = eraCacheKey(name, config);
  const cached = options.eraCache?.get(key);
  const opener =
    kind === 'stdio'
      ? await stdioOpener(name, config, options, startLog.sink)
      : remoteOpener(name, config, kind, options.authFor?.(name, config));
  const env: NegotiationEnv = { name, config, options, opener, startLog, log, key };
  const startedAt = Date.now();
  let reached;
  try {
    reached =
      kind === 'auto'
        ? await connectEither(env, cached)
        : { attempt: await negotiate(env, kind, priorOf(cached)), used: kind };
  } catch (err) {
    throw toGatewayError(name, config, err, options, startLog);
  }
  const { attempt, used } = reached;
  const era = rememberEra(env, kind, used, attempt.client, startedAt);
  return makeConnection(name, used, attempt.client, attempt.transport, era, startLog.sink);
}
