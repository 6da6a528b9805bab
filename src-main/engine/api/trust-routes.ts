import type { Router } from 'express';

import { TRUST_ROUTES } from '../../../src-shared/api/trust.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { Trust } from '../trust/index.js';
import type { EngineContext } from '../types.js';
import { registerRoutes, type RouteHandlers } from './register.js';

function trustOf(ctx: EngineContext): Trust {
  if (ctx.trust === undefined) {
    throw new GatewayError('UNAVAILABLE', 'Tool trust is not running in this gateway.');
  }
  return ctx.trust;
}

function trustHandlers(ctx: EngineContext): RouteHandlers<typeof TRUST_ROUTES> {
  return {
    'trust.review': ({ input: { query } }) => {
      const trust = trustOf(ctx);
      if (query.server !== undefined && ctx.config.current().mcpServers[query.server] === undefined) {
        throw new GatewayError('SERVER_NOT_FOUND', `There is no server named "${query.server}".`);
      }
      return trust.review(query.server);
    },
    'trust.server': ({ input: { params } }) => {
      const s = trustOf(ctx).server(params.name);
      if (s === undefined) {
        throw new GatewayError('SERVER_NOT_FOUND', `There is no server named "${params.name}".`);
      }
      return s;
    },
    'trust.approve': ({ input: { params, body } }) => trustOf(ctx).approve(params.name, body.tools),
    'trust.reject': ({ input: { params, body } }) => trustOf(ctx).reject(params.name, body.tools),
  };
}

export function mountTrustRoutes(router: Router, ctx: EngineContext): void {
  registerRoutes(router, TRUST_ROUTES, trustHandlers(ctx), ctx);
}
