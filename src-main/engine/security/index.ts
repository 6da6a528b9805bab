/**
 * Security: the admin token, the bind-address rule, the Host/Origin guard and secrets. The
 * keychain is a native addon that most configs never need, so the secret store loads on the
 * first `${secret:…}` through {@link loadSecrets}; its types are exported here.
 */
export {
  ADMIN_TOKEN_FILE,
  bearerToken,
  loadOrCreateAdminToken,
  rotateAdminToken,
  tokensMatch,
} from './admin-token.js';
export { createHostOriginGuard, type HostOriginGuard } from './host-origin.js';
export type { SecretStore } from './secrets.js';

/** Loads the secret store (and with it the keychain addon). */
export const loadSecrets = () => import('./secrets.js');
