/**
 * The control plane: `/api/v1` (REST and SSE from the contract in src-shared/api), `/metrics`,
 * `/ui` and the OAuth callback. The engine loads it on the first request that needs it.
 */
export {
  registerRoutes,
  type HandlerArgs,
  type JsonHandler,
  type RouteHandlers,
  type SseHandler,
} from './register.js';
export { type SseHub, type SseStream, createSseHub } from './sse.js';
export { sendError, validationError } from './errors.js';
export { type ControlPlane, type ControlPlaneOptions, mountControlPlane } from './control-plane.js';
