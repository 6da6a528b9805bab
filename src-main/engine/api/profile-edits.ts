import { DEFAULT_PROFILE, type ProfileConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { Identity } from '../identity/index.js';
import type { EngineContext } from '../types.js';

/** Edits of `gateway.profiles` the API offers; each refuses what it cannot do, saying what to do instead. */

/** A profile lists servers the gateway has; anything else is a typo the person should see. */
export function checkServers(ctx: EngineContext, config: ProfileConfig): void {
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

export function profileNotFound(identity: Identity, name: string): GatewayError {
  const defined = identity.profiles.names().filter((n) => n !== DEFAULT_PROFILE);
  return new GatewayError(
    'PROFILE_NOT_FOUND',
    `there is no profile "${name}" in the config${defined.length > 0 ? ` (there are ${defined.join(', ')})` : ''}: see \`mcp-gateway profiles list\``,
  );
}

/** Edit `gateway.profiles` through the config store (only the entries that change are rewritten). */
export async function writeProfiles(
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

/** Adds a profile under a new name. */
export async function createProfile(
  ctx: EngineContext,
  identity: Identity,
  name: string,
  profile: ProfileConfig,
): Promise<void> {
  if (identity.profiles.get(name).exists) {
    throw new GatewayError(
      'PROFILE_EXISTS',
      `there is a profile "${name}" already: pick another name, or edit that one`,
      { field: 'name' },
    );
  }
  checkServers(ctx, profile);
  await writeProfiles(ctx, (profiles) => {
    profiles[name] = profile;
  });
}

/** Renames a profile, its tokens with it; the default profile keeps its name. */
export async function renameProfile(
  ctx: EngineContext,
  identity: Identity,
  from: string,
  to: string,
): Promise<void> {
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
    return;
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
}

/** Moves a deleted profile's tokens to `to` (required when it has any); says whose moved. */
async function moveUsers(identity: Identity, name: string, to: string | undefined): Promise<string> {
  const users = identity.list().filter((t) => t.profile === name);
  if (name === DEFAULT_PROFILE || users.length === 0) {
    return '';
  }
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
  return `; ${users.map((t) => `"${t.name}"`).join(', ')} now ${users.length === 1 ? 'uses' : 'use'} "${to}"`;
}

/** Removes a profile (its tokens moved to `moveTo`); the default one goes back to everything. */
export async function deleteProfile(
  ctx: EngineContext,
  identity: Identity,
  name: string,
  moveTo: string | undefined,
): Promise<string> {
  if (ctx.config.current().gateway.profiles[name] === undefined) {
    throw profileNotFound(identity, name);
  }
  const moved = await moveUsers(identity, name, moveTo);
  await writeProfiles(ctx, (profiles) => {
    delete profiles[name];
  });
  return name === DEFAULT_PROFILE ? 'the default profile is everything again' : `removed "${name}"${moved}`;
}
