export { createLogRing, type WritableLogRing } from './log-ring.js';
export { backoffDelay, failuresInWindow, needsAttention } from './policy.js';
export {
  createSupervisor,
  type OpenBackendFn,
  type SupervisorOptions,
  type SupervisorSettings,
} from './supervisor.js';
