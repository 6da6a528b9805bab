export {
  type ConfigStoreOptions,
  CONFIG_TEMPLATE,
  type ManagedConfigStore,
  openConfigStore,
} from './store.js';
export { expandServerConfig, expandString, referencedEnvVars, type SecretResolver } from './expand.js';
export { formatPath, lineColumn, parseConfigText } from './parse.js';
