import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';

import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError, isGatewayError } from '../../../src-shared/errors.js';
import { redactText, redactUrl, secretValues } from '../../../src-shared/redact.js';
import { errorText } from '../../../src-shared/values.js';
import type { OpenBackendOptions } from './open-options.js';
import type { StartLog } from './start-log.js';

/** What the wording of a failed start needs of the options. */
type FailureOptions = Pick<OpenBackendOptions, 'settings' | 'authFor' | 'signal'>;

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

export function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (err instanceof Error && err.name === 'AbortError');
}

/**
 * The error of a failed start, in words a person can act on. It reaches the server's last
 * error, state events, notifications and logs, so the expanded config's credentials (URL
 * userinfo, secret query values, `${secret:…}` expansions, `--token` values, which the SDK's
 * own messages and a server's stderr may repeat) are redacted here.
 */
export function toGatewayError(
  name: string,
  config: ServerConfig,
  err: unknown,
  options: FailureOptions,
  startLog: Pick<StartLog, 'tail' | 'lastExit'>,
): unknown {
  if (isGatewayError(err) || isAbort(err, options.signal)) {
    return err;
  }
  const made = describeFailure(name, config, err, options, startLog.tail, startLog.lastExit);
  const message = redactText(made.message, secretValues(config));
  return message === made.message ? made : new GatewayError(made.code, message, { cause: err });
}

function describeFailure(
  name: string,
  config: ServerConfig,
  err: unknown,
  options: FailureOptions,
  tail: readonly string[],
  lastExit: string | undefined,
): GatewayError {
  const detail = errorText(err);
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
