/**
 * Telemetry: the structured logger (which redacts secrets on the way out), the process-level
 * guards that log stray rejections and keep serving, and the idle-memory release.
 */
export {
  type IdleMemoryOptions,
  type IdleMemorySettings,
  type IdleMemoryTrimmer,
  createIdleMemoryTrimmer,
  releaseHeapMemory,
} from './idle-memory.js';
export { type LoggerOptions, createLogger, redact, silentLogger } from './logger.js';
export { installProcessGuards } from './process-guards.js';
