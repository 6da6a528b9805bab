import { CLIENT_ROUTES } from './clients.js';
import { CONTEXT_ROUTES } from './context.js';
import type { RouteDef } from './contract.js';
import { ADMIN_TOKEN_ROUTES, IDENTITY_ROUTES } from './identity.js';
import { OAUTH_ROUTES } from './oauth.js';
import { CORE_ROUTES } from './routes.js';
import { SECRET_ROUTES } from './secrets.js';
import { TRUST_ROUTES } from './trust.js';

/**
 * The whole control-API contract. Each area exports its own array of route definitions; this list
 * joins them, and the OpenAPI document and docs/API.md are generated from it.
 */
export const API_ROUTES: readonly RouteDef[] = [
  ...CORE_ROUTES,
  ...CLIENT_ROUTES,
  ...CONTEXT_ROUTES,
  ...SECRET_ROUTES,
  ...TRUST_ROUTES,
  ...OAUTH_ROUTES,
  ...IDENTITY_ROUTES,
  ...ADMIN_TOKEN_ROUTES,
];

export type { RouteDef } from './contract.js';
