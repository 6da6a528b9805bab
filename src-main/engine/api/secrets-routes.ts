import type { Router } from 'express';

import { SECRET_ROUTES } from '../../../src-shared/api/secrets.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { SecretStore } from '../security/index.js';
import type { EngineContext } from '../types.js';
import { registerRoutes, type RouteHandlers } from './register.js';

function storeOf(ctx: EngineContext): () => Promise<SecretStore> {
  const open = ctx.secrets;
  if (open === undefined) {
    return () => Promise.reject(new GatewayError('KEYCHAIN_UNAVAILABLE', 'this gateway has no secret store'));
  }
  return open;
}

function secretHandlers(ctx: EngineContext): RouteHandlers<typeof SECRET_ROUTES> {
  const store = storeOf(ctx);
  return {
    'secrets.list': async () => {
      const s = await store();
      const availability = await s.available();
      return {
        store: {
          kind: s.kind,
          description: s.description,
          available: availability.ok,
          ...(availability.reason ? { reason: availability.reason } : {}),
        },
        names: availability.ok ? await s.list() : [],
      };
    },
    'secrets.set': async ({ input: { params, body } }) => {
      await (await store()).set(params.name, body.value);
      ctx.logger.info('secret stored', { name: params.name });
      return { ok: true as const, message: `stored; use \${secret:${params.name}} in env or headers` };
    },
    'secrets.delete': async ({ input: { params } }) => {
      const deleted = await (await store()).delete(params.name);
      if (!deleted) {
        throw new GatewayError('SECRET_NOT_FOUND', `no secret named '${params.name}'`);
      }
      return { ok: true as const };
    },
  };
}

export function mountSecretRoutes(router: Router, ctx: EngineContext): void {
  registerRoutes(router, SECRET_ROUTES, secretHandlers(ctx), ctx);
}
