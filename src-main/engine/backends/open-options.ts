import type { AuthProvider, Implementation } from '@modelcontextprotocol/client';

import type { ServerConfig } from '../../../src-shared/config.js';
import type { BackendHooks, Logger } from '../types.js';
import type { EraCache } from './era-cache.js';
import type { ProcessWatchdog } from './process-group.js';
import type { EarlyChildren } from './stdio-spawn.js';
import type { LogSink } from './stdio-transport.js';

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
