import type { Router } from 'express';

import { OAUTH_ROUTES } from '../../../src-shared/api/oauth.js';
import { signOutByName, startSignInByName } from '../oauth/index.js';
import type { EngineContext } from '../types.js';
import { registerRoutes, type RouteHandlers } from './register.js';

function oauthHandlers(): RouteHandlers<typeof OAUTH_ROUTES> {
  return {
    'servers.login': async ({ ctx, input }) => {
      const { name } = input.params;
      const result = await startSignInByName(ctx, name, { open: input.body.open ?? true });
      return { server: name, ...result };
    },
    'servers.logout': async ({ ctx, input }) => {
      const { name } = input.params;
      const { revoked } = await signOutByName(ctx, name);
      return {
        ok: true as const,
        revoked,
        message: revoked
          ? `signed out of '${name}': the tokens were revoked and forgotten`
          : `signed out of '${name}': the tokens were forgotten (the server offers no revocation, or had none)`,
      };
    },
  };
}

export function mountOAuthRoutes(router: Router, ctx: EngineContext): void {
  registerRoutes(router, OAUTH_ROUTES, oauthHandlers(), ctx);
}
