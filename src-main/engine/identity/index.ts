/**
 * Client identity: per-client tokens (stored hashed), the profiles they belong to, and the
 * token check every MCP endpoint runs.
 */
export { type ProfileView, compileProfile, globMatcher } from './profiles.js';
export { clientTokenFile, issueOffline, knownOffline, writeClientTokenFile } from './token-store.js';
export {
  type ClientIdentity,
  type Identity,
  type TokenIssuer,
  createIdentity,
  identityIssuer,
} from './identity.js';
