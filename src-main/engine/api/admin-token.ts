import type { Router } from 'express';

import { ADMIN_TOKEN_ROUTES } from '../../../src-shared/api/identity.js';
import { loadOrCreateAdminToken, rotateAdminToken } from '../security/index.js';
import type { EngineContext } from '../types.js';
import { registerRoutes } from './register.js';

/** The admin token the control plane checks: the one given, else the data folder's (read once). */
export interface AdminToken {
  get(): Promise<string>;
  /** After a rotation: the new token is checked from now on. */
  set(next: string): void;
}

export function adminToken(dataDir: string, given: string | undefined): AdminToken {
  let current: Promise<string> | undefined = given !== undefined ? Promise.resolve(given) : undefined;
  return {
    get: () => (current ??= loadOrCreateAdminToken(dataDir)),
    set(next) {
      current = Promise.resolve(next);
    },
  };
}

/** `adminToken.rotate`: a new token in the data folder, checked at once, the old one refused. */
export function mountAdminTokenRoutes(api: Router, ctx: EngineContext, token: AdminToken): void {
  registerRoutes(
    api,
    ADMIN_TOKEN_ROUTES,
    {
      'adminToken.rotate': async () => {
        const next = await rotateAdminToken(ctx.paths.dataDir);
        token.set(next);
        ctx.identity?.adminTokenChanged(next);
        ctx.logger.info('admin token rotated');
        return {
          ok: true as const,
          message: 'the admin token was replaced; the new one is in the admin-token file of the data folder',
        };
      },
    },
    ctx,
  );
}
