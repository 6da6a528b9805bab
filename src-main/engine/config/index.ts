export { type ManagedConfigStore, openConfigStore } from './store.js';
export { expandServerConfig, referencedEnvVars } from './expand.js';
export { lineColumn, parseConfigText } from './parse.js';
