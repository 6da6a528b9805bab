/**
 * Client identity: per-client tokens (stored hashed), the profiles they belong to, and the
 * token check every MCP endpoint runs.
 */
export { type ProfileView, compileProfile, globMatcher } from './profiles.js';
export type { ClientTokenRecord } from './token-store.js';
export {
  CLIENT_TOKEN_DIR,
  CLIENT_TOKEN_PREFIX,
  CLIENT_TOKENS_FILE,
  clientTokenFile,
  issueOffline,
  knownOffline,
  writeClientTokenFile,
} from './token-store.js';
export {
  type AuthResult,
  type ClientIdentity,
  type Identity,
  type IdentityDeps,
  type TokenInfo,
  type TokenIssuer,
  createIdentity,
  identityIssuer,
  TOKEN_NAME_PATTERN,
} from './identity.js';
