export { createLogRing, type WritableLogRing } from './log-ring.js';
export { backoffDelay, failuresInWindow, needsAttention } from './policy.js';
export type { SupervisorSettings } from './settings.js';
export { createSupervisor, type OpenBackendFn, type SupervisorOptions } from './supervisor.js';
