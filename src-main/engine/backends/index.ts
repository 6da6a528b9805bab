/**
 * Backends: how a configured server is reached (a stdio child in its own process group,
 * Streamable HTTP or SSE), the policy a child's command, arguments and environment must pass,
 * and the cache of which protocol era a server speaks. The engine spawns stdio servers before
 * it loads the MCP SDK, so the SDK-based part (transports and the connection handshake) loads
 * with {@link loadOpenBackend}; its types are exported here.
 */
export { planSpawn, quoteBatchArg, resolveCommand, type ResolveOptions, type SpawnPlan } from './command.js';
export {
  buildChildEnv,
  checkServerArgs,
  checkServerEnv,
  envKeyRefusal,
  INHERITED_ENV_POSIX,
  INHERITED_ENV_WINDOWS,
  RefusedByPolicyError,
} from './env-policy.js';
export {
  createFileEraCache,
  createMemoryEraCache,
  ERA_CACHE_FILE,
  type EraCache,
  eraCacheKey,
  type EraVerdict,
  type FileEraCacheOptions,
} from './era-cache.js';
export { measureProcessGroup } from './footprint.js';
export {
  createLoginShellPathResolver,
  type LoginShellOptions,
  mergePath,
  resolveLoginShellPath,
} from './login-shell.js';
export type { BackendTimings, OpenBackendOptions, RemoteAuth } from './open-backend.js';
export {
  isGroupAlive,
  isProcessAlive,
  type ProcessWatchdog,
  signalGroup,
  startProcessWatchdog,
} from './process-group.js';
export { type EarlyChild, type EarlyChildren, spawnStdioServersEarly } from './stdio-spawn.js';
export type { LogSink, LogStream, StdioChildOptions } from './stdio-transport.js';

/** Loads the SDK-based part: `openBackend()` and the stdio and HTTP transports it builds on. */
export const loadOpenBackend = () => import('./open-backend.js');
