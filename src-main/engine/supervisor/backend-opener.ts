import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError, isGatewayError } from '../../../src-shared/errors.js';
import { redactText, secretValues } from '../../../src-shared/redact.js';
import { errorText } from '../../../src-shared/values.js';
import {
  createFileEraCache,
  createLoginShellPathResolver,
  createMemoryEraCache,
  type EraCache,
  loadOpenBackend,
  type OpenBackendOptions,
  startProcessWatchdog,
} from '../backends/index.js';
import type { BackendConnection, BackendHooks, Logger } from '../types.js';
import type { Entry } from './entry.js';
import type { SupervisorSettings } from './settings.js';

export type OpenBackendFn = (
  name: string,
  config: ServerConfig,
  options: OpenBackendOptions,
) => Promise<BackendConnection>;

/** The supervisor's options about reaching a server (see `SupervisorOptions`). */
export interface BackendOpenerOptions {
  logger: Logger;
  hooks: BackendHooks;
  /** The gateway's environment; children inherit its allow-listed part. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where the era cache file lives. Without it (and without `eraCache`) verdicts stay in memory. */
  dataDir?: string;
  /** Expands `${VAR}` / `${secret:NAME}` in a server entry just before it starts. Default: identity. */
  expand?: (name: string, server: ServerConfig) => ServerConfig | Promise<ServerConfig>;
  /** Injectable for tests. */
  openBackend?: OpenBackendFn;
  eraCache?: EraCache;
  /** Started from a GUI: resolve PATH from the user's login shell for stdio children. */
  guiLaunch?: boolean;
  /** Start the orphan watchdog (default true). */
  watchdog?: boolean;
}

export interface BackendOpener {
  /** The server's entry with its `${…}` references expanded, just before it starts. */
  expand(e: Entry): Promise<ServerConfig>;
  /** Open the backend; its output goes to the server's log (prefixed for a session's own). */
  open(
    e: Entry,
    expanded: ServerConfig,
    opts: { signal?: AbortSignal; dedicatedFor?: string },
  ): Promise<BackendConnection>;
  /** Keep the era verdicts and stop the orphan watchdog. */
  close(): Promise<void>;
}

/** Opening backends with what they share: the era cache, the orphan watchdog, the login shell's PATH. */
export function createBackendOpener(
  options: BackendOpenerOptions,
  log: Logger,
  settings: () => SupervisorSettings,
): BackendOpener {
  const openBackend: OpenBackendFn =
    options.openBackend ??
    (async (name, server, opts) => (await loadOpenBackend()).openBackend(name, server, opts));
  const expand = options.expand ?? ((_n: string, s: ServerConfig) => s);
  const eraCache =
    options.eraCache ??
    (options.dataDir !== undefined
      ? createFileEraCache(options.dataDir, { logger: log })
      : createMemoryEraCache());
  const watchdog = options.watchdog === false ? undefined : startProcessWatchdog();
  const loginShellPath = options.guiLaunch ? createLoginShellPathResolver({ env: options.env }) : undefined;
  return {
    expand: async (e) => expand(e.name, e.config),
    open(e, expanded, { signal, dedicatedFor }) {
      const s = settings();
      const prefix = dedicatedFor === undefined ? '' : `[session ${dedicatedFor.slice(0, 8)}] `;
      return openBackend(e.name, expanded, {
        hooks: options.hooks,
        logger: options.logger,
        settings: { startTimeoutMs: s.startTimeoutMs, stopGraceMs: s.stopGraceMs },
        env: options.env ?? process.env,
        eraCache,
        logSink: (stream, line) => e.ring.push(stream, prefix + line),
        ...(signal ? { signal } : {}),
        ...(watchdog ? { watchdog } : {}),
        ...(loginShellPath ? { loginShellPath } : {}),
        ...(dedicatedFor !== undefined ? { dedicatedFor } : {}),
      });
    },
    async close() {
      await eraCache.flush?.();
      await watchdog?.stop();
    },
  };
}

/**
 * A failed start's message for the last error, a state reason, an event, a notification and
 * log lines: whatever the expansion put in place of secret references stays out of it.
 */
export function startErrorText(
  err: unknown,
  expanded: ServerConfig | undefined,
  config: ServerConfig,
): string {
  return redactText(errorText(err), secretValues(expanded ?? config, config));
}

/** The same error with that redacted message (itself when there was nothing to redact). */
export function redactedError(err: unknown, expanded: ServerConfig, config: ServerConfig): unknown {
  const message = startErrorText(err, expanded, config);
  return isGatewayError(err) && message !== err.message
    ? new GatewayError(err.code, message, { field: err.field })
    : err;
}
