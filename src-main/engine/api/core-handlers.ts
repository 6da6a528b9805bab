import { type CORE_ROUTES } from '../../../src-shared/api/routes.js';
import type { GatewaySettings } from '../../../src-shared/config.js';
import type { EventReplay } from './event-replay.js';
import { gatewayHandlers } from './gateway-routes.js';
import type { GatewayMetrics } from './metrics.js';
import type { RouteHandlers } from './register.js';
import { serverControlHandlers } from './server-control-routes.js';
import { serverHandlers } from './server-routes.js';
import { toolHandlers } from './tool-routes.js';

/** One handler per core route (src-shared/api/routes.ts). */
export type CoreHandlers = RouteHandlers<typeof CORE_ROUTES>;

export interface CoreDeps {
  /** The gateway settings the running gateway started with (to tell which changes wait for a restart). */
  startedSettings: GatewaySettings;
  metrics: GatewayMetrics;
  replay: EventReplay;
  openapi: () => Record<string, unknown>;
}

/**
 * Handlers of the core routes, one module per group: the gateway as a whole, servers' config
 * entries, running servers, tools. Each handler translates HTTP to engine calls and back.
 */
export function coreHandlers(deps: CoreDeps): CoreHandlers {
  return { ...gatewayHandlers(deps), ...serverHandlers(), ...serverControlHandlers(), ...toolHandlers() };
}
