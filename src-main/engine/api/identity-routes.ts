import type { Router } from 'express';

import type { ProfileSummaryDto } from '../../../src-shared/api/identity.js';
import { IDENTITY_ROUTES } from '../../../src-shared/api/identity.js';
import { DEFAULT_PROFILE, type ProfileConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { Identity } from '../identity/index.js';
import type { EngineContext } from '../types.js';

import { type RouteHandlers, registerRoutes } from './register.js';

function identityOf(ctx: EngineContext): Identity {
  if (ctx.identity === undefined) {
    throw new GatewayError('UNAVAILABLE', 'this gateway has no client token store');
  }
  return ctx.identity;
}

/** A profile with what its clients see, priced with the same token counts as the budgets view. */
export function profileSummary(ctx: EngineContext, identity: Identity, name: string): ProfileSummaryDto {
  const config = ctx.config.current();
  const view = identity.profiles.get(name);
  const tools = ctx.catalog.tools().filter((t) => t.visible && view.allowsTool(t.server, t.id));
  const cfg: ProfileConfig = config.gateway.profiles[name] ?? {};
  return {
    name,
    config: cfg,
    defined: config.gateway.profiles[name] !== undefined,
    mode: view.mode ?? config.gateway.mode,
    tools: tools.length,
    tokens: tools.reduce((n, t) => n + t.tokens, 0),
    servers: Object.keys(config.mcpServers).filter((s) => view.allowsServer(s)),
    clients: identity
      .list()
      .filter((t) => t.profile === name)
      .map((t) => t.name),
  };
}

export function identityHandlers(ctx: EngineContext): RouteHandlers<typeof IDENTITY_ROUTES> {
  return {
    'tokens.list': () => {
      const identity = identityOf(ctx);
      return { clientAuth: identity.required() ? 'required' : 'off', tokens: identity.list() };
    },
    'tokens.create': async ({ input: { body } }) => identityOf(ctx).create(body.name.trim(), body.profile),
    'tokens.update': async ({ input: { params, body } }) =>
      identityOf(ctx).update(params.id, {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.profile !== undefined ? { profile: body.profile } : {}),
      }),
    'tokens.revoke': async ({ input: { params } }) => {
      const info = await identityOf(ctx).revoke(params.id);
      return { ok: true as const, message: `revoked "${info.name}"; its sessions have ended` };
    },
    'profiles.list': () => {
      const identity = identityOf(ctx);
      return { profiles: identity.profiles.names().map((name) => profileSummary(ctx, identity, name)) };
    },
    'profiles.put': async ({ input: { params, body } }) => {
      const identity = identityOf(ctx);
      const known = new Set(Object.keys(ctx.config.current().mcpServers));
      const unknown = (body.servers ?? []).filter((s) => !known.has(s));
      if (unknown.length > 0) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          `no server named ${unknown.map((s) => `"${s}"`).join(', ')}: a profile lists servers the gateway has (see \`mcp-gateway servers list\`)`,
          { field: 'servers' },
        );
      }
      await ctx.config.update((draft) => {
        const profiles = { ...((draft.gateway['profiles'] as Record<string, unknown> | undefined) ?? {}) };
        profiles[params.name] = body;
        draft.gateway['profiles'] = profiles;
      });
      return profileSummary(ctx, identity, params.name);
    },
    'profiles.delete': async ({ input: { params } }) => {
      const identity = identityOf(ctx);
      const users = identity.list().filter((t) => t.profile === params.name);
      if (params.name !== DEFAULT_PROFILE && users.length > 0) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          `profile "${params.name}" is used by ${users.map((t) => `"${t.name}"`).join(', ')}: move or revoke those tokens first`,
        );
      }
      if (ctx.config.current().gateway.profiles[params.name] === undefined) {
        throw new GatewayError('NOT_FOUND', `there is no profile "${params.name}" in the config`);
      }
      await ctx.config.update((draft) => {
        const profiles = { ...((draft.gateway['profiles'] as Record<string, unknown> | undefined) ?? {}) };
        delete profiles[params.name];
        draft.gateway['profiles'] = profiles;
      });
      return {
        ok: true as const,
        message: params.name === DEFAULT_PROFILE ? 'the default profile is everything again' : `removed "${params.name}"`,
      };
    },
  };
}

export function mountIdentityRoutes(router: Router, ctx: EngineContext): void {
  registerRoutes(router, IDENTITY_ROUTES, identityHandlers(ctx), ctx);
}
