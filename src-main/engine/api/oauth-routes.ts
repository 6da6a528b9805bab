import type { Router } from 'express';

import { OAUTH_ROUTES } from '../../../src-shared/api/oauth.js';
import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { expandServerConfig } from '../config/index.js';
import type { OAuthManager } from '../oauth/index.js';
import type { EngineContext } from '../types.js';

import { type RouteHandlers, registerRoutes } from './register.js';

function managerOf(ctx: EngineContext): OAuthManager {
  if (ctx.oauth === undefined) {
    throw new GatewayError('UNAVAILABLE', 'this gateway was started without OAuth sign-in');
  }
  return ctx.oauth;
}

function configOf(ctx: EngineContext, name: string): ServerConfig {
  const cfg = ctx.config.current().mcpServers[name];
  if (cfg === undefined) {
    throw new GatewayError(
      'SERVER_NOT_FOUND',
      `server '${name}' not found: \`mcp-gateway servers list\` shows the configured ones`,
    );
  }
  return cfg;
}

/** The entry as the server is started with (`${VAR}` and `${secret:NAME}` expanded). */
async function expanded(ctx: EngineContext, name: string, cfg: ServerConfig): Promise<ServerConfig> {
  const resolve = ctx.secrets === undefined ? undefined : async (n: string) => (await ctx.secrets?.())?.get(n);
  return expandServerConfig(name, cfg, ctx.env ?? process.env, resolve);
}

export function oauthHandlers(): RouteHandlers<typeof OAUTH_ROUTES> {
  return {
    'servers.login': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = configOf(ctx, name);
      if (cfg.disabled) {
        throw new GatewayError('SERVER_DISABLED', `server '${name}' is disabled: enable it before signing in`);
      }
      const result = await managerOf(ctx).startSignIn(name, await expanded(ctx, name, cfg), {
        open: input.body.open ?? true,
      });
      return { server: name, ...result };
    },
    'servers.logout': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = configOf(ctx, name);
      const { revoked } = await managerOf(ctx).signOut(name, await expanded(ctx, name, cfg));
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
