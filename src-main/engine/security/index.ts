/**
 * Security: the admin token, the bind-address rule, the Host/Origin guard and secrets. The
 * keychain is a native addon that most configs never need, so the secret store loads on the
 * first `${secret:…}` through {@link loadSecrets}; its types are exported here.
 */
export {
  ADMIN_TOKEN_FILE,
  bearerToken,
  generateAdminToken,
  loadOrCreateAdminToken,
  rotateAdminToken,
  tokensMatch,
} from './admin-token.js';
export { assertBindAllowed } from './bind.js';
export {
  type HostOriginOptions,
  type OriginCheck,
  createHostOriginGuard,
  ownOrigins,
} from './host-origin.js';
export type { KeychainProbe, SecretAvailability, SecretStore, SecretStoreOptions } from './secrets.js';

/** Loads the secret store (and with it the keychain addon). */
export const loadSecrets = () => import('./secrets.js');
