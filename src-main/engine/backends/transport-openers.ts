import {
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type Transport,
} from '@modelcontextprotocol/client';

import type { ServerConfig, TransportKind } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { redactText, secretValues } from '../../../src-shared/redact.js';
import type { OpenBackendOptions, RemoteAuth } from './open-options.js';
import { planStdioServer } from './stdio-spawn.js';
import { type LogSink, StdioChildTransport } from './stdio-transport.js';

/** A new transport of this kind to the server each time it is called. */
export type Opener = (kind: 'stdio' | 'http' | 'sse') => Transport;

/** A stdio child per call, planned once: command policy, PATH (with the login shell's), environment. */
export async function stdioOpener(
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

/** A Streamable HTTP or SSE transport per call, with the configured headers and the sign-in hooks. */
export function remoteOpener(
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
