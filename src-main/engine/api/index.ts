/**
 * The control plane: `/api/v1` (REST and SSE from the contract in src-shared/api), `/metrics`,
 * `/ui` and the OAuth callback. The engine loads it on the first request that needs it.
 */
export { type ControlPlane, mountControlPlane } from './control-plane.js';
