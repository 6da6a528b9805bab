/**
 * Early answers: a start whose servers are all listed from their caches answers a 2025-era
 * client's handshake (`initialize`, `tools/list`) from what the last run answered the same
 * client, before the engine has loaded; the engine then takes those sessions over.
 */
export {
  type EarlyStart,
  HANDSHAKE_MAX_MS,
  HANDSHAKE_QUIET_MS,
  type HandshakeWait,
  startEarlyAnswers,
} from './early-start.js';
export {
  acceptsJsonAndSse,
  isRequestId,
  isServerScope,
  mcpScopeKey,
  type McpUrlTarget,
  mcpUrlTarget,
} from './mcp-requests.js';
export type { AnswerRecorder } from './recorder.js';
export { type EarlyBody, EARLY_LIST_GIVEN, type EarlySession } from './responder.js';
export { START_ANSWERS_DIR } from './start-answers.js';
