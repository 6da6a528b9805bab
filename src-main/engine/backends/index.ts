export {
  planSpawn,
  quoteBatchArg,
  resolveCommand,
  type ResolveOptions,
  type SpawnPlan,
} from './command.js';
export {
  buildChildEnv,
  checkServerArgs,
  checkServerEnv,
  envKeyRefusal,
  INHERITED_ENV_POSIX,
  INHERITED_ENV_WINDOWS,
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
export {
  createLoginShellPathResolver,
  type LoginShellOptions,
  mergePath,
  resolveLoginShellPath,
} from './login-shell.js';
export { type BackendTimings, httpStatusOf, openBackend, type OpenBackendOptions } from './open-backend.js';
export {
  isGroupAlive,
  isProcessAlive,
  type ProcessWatchdog,
  signalGroup,
  startProcessWatchdog,
} from './process-group.js';
export {
  type LogSink,
  type LogStream,
  MAX_LOG_LINE,
  StdioChildTransport,
  type StdioChildOptions,
} from './stdio-transport.js';
