import type { Router } from 'express';

import { IDENTITY_ROUTES } from '../../../src-shared/api/identity.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { Identity } from '../identity/index.js';
import type { EngineContext } from '../types.js';
import { checkServers, createProfile, deleteProfile, renameProfile, writeProfiles } from './profile-edits.js';
import { profilePreview, profileSummary } from './profile-views.js';
import { registerRoutes, type RouteHandlers } from './register.js';

function identityOf(ctx: EngineContext): Identity {
  if (ctx.identity === undefined) {
    throw new GatewayError('UNAVAILABLE', 'this gateway has no client token store');
  }
  return ctx.identity;
}

function identityHandlers(ctx: EngineContext): RouteHandlers<typeof IDENTITY_ROUTES> {
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
    'profiles.preview': ({ input: { body } }) => {
      checkServers(ctx, body.profile);
      return profilePreview(ctx, body.profile);
    },
    'profiles.create': async ({ input: { body } }) => {
      const identity = identityOf(ctx);
      await createProfile(ctx, identity, body.name, body.profile);
      return profileSummary(ctx, identity, body.name);
    },
    'profiles.put': async ({ input: { params, body } }) => {
      const identity = identityOf(ctx);
      checkServers(ctx, body);
      await writeProfiles(ctx, (profiles) => {
        profiles[params.name] = body;
      });
      return profileSummary(ctx, identity, params.name);
    },
    'profiles.rename': async ({ input: { params, body } }) => {
      const identity = identityOf(ctx);
      await renameProfile(ctx, identity, params.name, body.to);
      return profileSummary(ctx, identity, body.to);
    },
    'profiles.delete': async ({ input: { params, query } }) => {
      const message = await deleteProfile(ctx, identityOf(ctx), params.name, query.moveTo);
      return { ok: true as const, message };
    },
  };
}

export function mountIdentityRoutes(router: Router, ctx: EngineContext): void {
  registerRoutes(router, IDENTITY_ROUTES, identityHandlers(ctx), ctx);
}
