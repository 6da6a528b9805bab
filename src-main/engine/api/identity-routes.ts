import type { Router } from 'express';

import type { ProfilePreviewDto, ProfileSummaryDto } from '../../../src-shared/api/identity.js';
import { IDENTITY_ROUTES } from '../../../src-shared/api/identity.js';
import { DEFAULT_PROFILE, type ProfileConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { compileProfile, globMatcher, type Identity, type ProfileView } from '../identity/index.js';
import type { CatalogTool, EngineContext } from '../types.js';
import { registerRoutes, type RouteHandlers } from './register.js';

function identityOf(ctx: EngineContext): Identity {
  if (ctx.identity === undefined) {
    throw new GatewayError('UNAVAILABLE', 'this gateway has no client token store');
  }
  return ctx.identity;
}

/** A profile with what its clients see, priced with the same token counts as the budgets view. */
function profileSummary(ctx: EngineContext, identity: Identity, name: string): ProfileSummaryDto {
  const config = ctx.config.current();
  const view = identity.profiles.get(name);
  const tools = selectedTools(ctx, view);
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

/** The catalog's visible tools as a profile narrows them (the same figures as the budgets view). */
function selectedTools(ctx: EngineContext, view: ProfileView): CatalogTool[] {
  return ctx.catalog.tools().filter((t) => t.visible && view.allowsTool(t.server, t.id));
}

/** What `config` would select, without writing it. */
function profilePreview(ctx: EngineContext, config: ProfileConfig): ProfilePreviewDto {
  const view = compileProfile('preview', config);
  const visible = ctx.catalog.tools().filter((t) => t.visible);
  const selected = visible.filter((t) => view.allowsTool(t.server, t.id));
  const inServers = visible.filter((t) => view.allowsServer(t.server));
  const unmatched = (patterns: string[] | undefined) =>
    (patterns ?? []).filter((p) => {
      const m = globMatcher(p);
      return !inServers.some((t) => m(t.id));
    });
  const ids = new Set(selected.map((t) => t.id));
  return {
    mode: config.mode ?? ctx.config.current().gateway.mode,
    tools: selected.length,
    tokens: selected.reduce((n, t) => n + t.tokens, 0),
    servers: Object.keys(ctx.config.current().mcpServers).filter((s) => view.allowsServer(s)),
    all: { tools: visible.length, tokens: visible.reduce((n, t) => n + t.tokens, 0) },
    selected: selected
      .map((t) => ({ id: t.id, server: t.server, tokens: t.tokens }))
      .sort((a, b) => b.tokens - a.tokens || a.id.localeCompare(b.id)),
    unmatched: { allow: unmatched(config.allow), deny: unmatched(config.deny) },
    pinnedOutside: (config.pinned ?? []).filter((p) => !ids.has(p)),
  };
}

/** A profile lists servers the gateway has; anything else is a typo the person should see. */
function checkServers(ctx: EngineContext, config: ProfileConfig): void {
  const known = new Set(Object.keys(ctx.config.current().mcpServers));
  const unknown = (config.servers ?? []).filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `no server named ${unknown.map((s) => `"${s}"`).join(', ')}: a profile lists servers the gateway has (see \`mcp-gateway servers list\`)`,
      { field: 'servers' },
    );
  }
}

function profileNotFound(identity: Identity, name: string): GatewayError {
  const defined = identity.profiles.names().filter((n) => n !== DEFAULT_PROFILE);
  return new GatewayError(
    'PROFILE_NOT_FOUND',
    `there is no profile "${name}" in the config${defined.length > 0 ? ` (there are ${defined.join(', ')})` : ''}: see \`mcp-gateway profiles list\``,
  );
}

/** Edit `gateway.profiles` through the config store (only the entries that change are rewritten). */
async function writeProfiles(
  ctx: EngineContext,
  edit: (profiles: Record<string, unknown>) => void,
): Promise<void> {
  await ctx.config.update((draft) => {
    const profiles = { ...((draft.gateway['profiles'] as Record<string, unknown> | undefined) ?? {}) };
    edit(profiles);
    draft.gateway['profiles'] = profiles;
  });
}

async function moveTokens(identity: Identity, from: string, to: string): Promise<void> {
  for (const t of identity.list().filter((x) => x.profile === from)) {
    await identity.update(t.id, { profile: to });
  }
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
      if (identity.profiles.get(body.name).exists) {
        throw new GatewayError(
          'PROFILE_EXISTS',
          `there is a profile "${body.name}" already: pick another name, or edit that one`,
          { field: 'name' },
        );
      }
      checkServers(ctx, body.profile);
      await writeProfiles(ctx, (profiles) => {
        profiles[body.name] = body.profile;
      });
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
      const from = params.name;
      const { to } = body;
      const cfg = ctx.config.current().gateway.profiles[from];
      if (from === DEFAULT_PROFILE) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          'the default profile keeps its name (new tokens get it): create another profile and move tokens to it',
          { field: 'name' },
        );
      }
      if (cfg === undefined) {
        throw profileNotFound(identity, from);
      }
      if (to === from) {
        return profileSummary(ctx, identity, from);
      }
      if (identity.profiles.get(to).exists) {
        throw new GatewayError('PROFILE_EXISTS', `there is a profile "${to}" already: pick another name`, {
          field: 'to',
        });
      }
      // New entry first, then the tokens, then the old entry: no token ever points at nothing.
      await writeProfiles(ctx, (profiles) => {
        profiles[to] = cfg;
      });
      await moveTokens(identity, from, to);
      await writeProfiles(ctx, (profiles) => {
        delete profiles[from];
      });
      return profileSummary(ctx, identity, to);
    },
    'profiles.delete': async ({ input: { params, query } }) => {
      const identity = identityOf(ctx);
      const { name } = params;
      if (ctx.config.current().gateway.profiles[name] === undefined) {
        throw profileNotFound(identity, name);
      }
      const users = identity.list().filter((t) => t.profile === name);
      let moved = '';
      if (name !== DEFAULT_PROFILE && users.length > 0) {
        const to = query.moveTo;
        if (to === undefined) {
          throw new GatewayError(
            'PROFILE_IN_USE',
            `profile "${name}" is used by ${users.map((t) => `"${t.name}"`).join(', ')}: name a profile to move ${users.length === 1 ? 'that token' : 'those tokens'} to (moveTo, \`--move-to\`), or move or revoke them first`,
          );
        }
        if (to === name || !identity.profiles.get(to).exists) {
          throw new GatewayError(
            'VALIDATION_FAILED',
            `cannot move the tokens to "${to}": use one of ${identity.profiles
              .names()
              .filter((n) => n !== name)
              .join(', ')}`,
            { field: 'moveTo' },
          );
        }
        await moveTokens(identity, name, to);
        moved = `; ${users.map((t) => `"${t.name}"`).join(', ')} now ${users.length === 1 ? 'uses' : 'use'} "${to}"`;
      }
      await writeProfiles(ctx, (profiles) => {
        delete profiles[name];
      });
      return {
        ok: true as const,
        message:
          name === DEFAULT_PROFILE ? 'the default profile is everything again' : `removed "${name}"${moved}`,
      };
    },
  };
}

export function mountIdentityRoutes(router: Router, ctx: EngineContext): void {
  registerRoutes(router, IDENTITY_ROUTES, identityHandlers(ctx), ctx);
}
