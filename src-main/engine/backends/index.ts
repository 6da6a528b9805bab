/**
 * Backends: how a configured server is reached (a stdio child in its own process group,
 * Streamable HTTP or SSE), the policy a child's command, arguments and environment must pass,
 * and the cache of which protocol era a server speaks. The engine spawns stdio servers before
 * it loads the MCP SDK, so the SDK-based part (transports and the connection handshake) loads
 * with {@link loadOpenBackend}; its types are exported here.
 */
export { resolveCommand } from './command.js';
export { RefusedByPolicyError } from './env-policy.js';
export { createFileEraCache, createMemoryEraCache, type EraCache } from './era-cache.js';
export { measureProcessGroup } from './footprint.js';
export { createLoginShellPathResolver, mergePath, resolveLoginShellPath } from './login-shell.js';
export type { OpenBackendOptions } from './open-options.js';
export { type ProcessWatchdog, startProcessWatchdog } from './process-group.js';
export { spawnStdioServersEarly } from './stdio-spawn.js';
/** Loads the SDK-based part: `openBackend()` and the stdio and HTTP transports it builds on. */
export const loadOpenBackend = () => import('./open-backend.js');
