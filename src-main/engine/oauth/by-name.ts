import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { expandServerConfig } from '../config/index.js';
import type { EngineContext } from '../types.js';
import type { StartSignInResult } from './browser-sign-in.js';
import type { OAuthManager } from './manager.js';

/** Sign-in and sign-out of a configured server by name: what the API, the tray and the CLI share. */

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
  const secrets = ctx.secrets;
  const resolve = secrets === undefined ? undefined : async (n: string) => (await secrets()).get(n);
  return expandServerConfig(name, cfg, ctx.env ?? process.env, resolve);
}

export async function startSignInByName(
  ctx: EngineContext,
  name: string,
  options: { open: boolean },
): Promise<StartSignInResult> {
  const cfg = configOf(ctx, name);
  if (cfg.disabled) {
    throw new GatewayError('SERVER_DISABLED', `server '${name}' is disabled: enable it before signing in`);
  }
  return managerOf(ctx).startSignIn(name, await expanded(ctx, name, cfg), options);
}

export async function signOutByName(ctx: EngineContext, name: string): Promise<{ revoked: boolean }> {
  const cfg = configOf(ctx, name);
  return managerOf(ctx).signOut(name, await expanded(ctx, name, cfg));
}
