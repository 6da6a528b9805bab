/**
 * Telemetry: the structured logger (which redacts secrets on the way out), the process-level
 * guards that log stray rejections and keep serving, and the idle-memory release.
 */
export { type IdleMemorySettings, createIdleMemoryTrimmer } from './idle-memory.js';
export { createLogger, silentLogger } from './logger.js';
export { installProcessGuards } from './process-guards.js';
