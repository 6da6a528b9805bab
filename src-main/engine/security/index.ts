export {
  ADMIN_TOKEN_FILE,
  bearerToken,
  generateAdminToken,
  loadOrCreateAdminToken,
  tokensMatch,
} from './admin-token.js';
export { assertBindAllowed } from './bind.js';
export {
  type HostOriginOptions,
  type OriginCheck,
  createHostOriginGuard,
  ownOrigins,
} from './host-origin.js';
