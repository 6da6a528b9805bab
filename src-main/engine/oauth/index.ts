/**
 * OAuth 2.1 sign-in to remote servers, with the gateway as the client. The engine creates one
 * manager; open-backend asks it for a server's transport hooks, the supervisor listens for
 * "sign-in needed", the control plane serves the callback and the login/logout routes.
 */
export { type OAuthManager, type OAuthManagerOptions, createOAuthManager } from './manager.js';
export { usesOAuth } from './settings.js';
export type { BackendAuth } from './backend-auth.js';
export type { StartSignInResult } from './browser-sign-in.js';
export type { SignInStatus } from './status.js';
export { OAUTH_CALLBACK_PATH, handleOAuthCallback } from './callback-page.js';
export { signOutByName, startSignInByName } from './by-name.js';
export { openWithBrowserCommand } from './open-url.js';
export { explainSignInError } from './errors.js';
export {
  type AddressScope,
  addressScope,
  allowedScopeFor,
  assertOAuthUrl,
  createGuardedFetch,
} from './url-safety.js';
