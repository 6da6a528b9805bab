import { z } from 'zod';

import { PROFILE_NAME_PATTERN, ProfileSchema } from '../config.js';
import { defineRoute } from './contract.js';
import { OkSchema } from './schemas.js';

/**
 * Who may call the MCP endpoints: client tokens (each shown once, stored hashed) and the profiles
 * they belong to. A profile is a named view of the catalog; it is kept in the config file under
 * `gateway.profiles`, so these routes edit that file like any other setting.
 */

const TokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  profile: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().optional(),
});
export type TokenInfoDto = z.infer<typeof TokenInfoSchema>;

const TokenListSchema = z.object({
  /** `required`: MCP endpoints refuse requests without a valid client token; `off`: they do not. */
  clientAuth: z.enum(['required', 'off']),
  tokens: z.array(TokenInfoSchema),
});

const tokenName = z
  .string()
  .min(1, 'a token needs a name (the client it is for, e.g. "cursor")')
  .max(64, 'a token name is at most 64 characters');

const CreateTokenBodySchema = z.object({
  name: tokenName,
  /** Default: `default` (every tool). */
  profile: z.string().optional(),
});

const CreatedTokenSchema = z.object({
  /** The token itself: shown this once, never stored or returned again. */
  token: z.string(),
  info: TokenInfoSchema,
});

const UpdateTokenBodySchema = z
  .object({ name: tokenName.optional(), profile: z.string().optional() })
  .refine((b) => b.name !== undefined || b.profile !== undefined, 'send "name" or "profile" (or both)');

const TokenParams = z.object({ id: z.string().min(1) });

const profileName = z
  .string()
  .regex(
    PROFILE_NAME_PATTERN,
    'profile names use letters, digits, "-", "_" and "." (start with a letter or digit, at most 48 characters)',
  );

const ProfileNameParams = z.object({ name: profileName });

const CreateProfileBodySchema = z.object({ name: profileName, profile: ProfileSchema });

const RenameProfileBodySchema = z.object({ to: profileName });

const DeleteProfileQuerySchema = z.object({
  /** Move the tokens that use the profile to this one first; without it, a profile in use is refused. */
  moveTo: profileName.optional(),
});

const ProfilePreviewBodySchema = z.object({ profile: ProfileSchema });

const ProfileToolSchema = z.object({
  /** Exposed name on `/mcp` (`<server>__<tool>`). */
  id: z.string(),
  server: z.string(),
  /** Context tokens of its definition. */
  tokens: z.number(),
});

const ProfilePreviewSchema = z.object({
  mode: z.enum(['all', 'meta']),
  /** Tools the profile selects, and their context cost in tokens. */
  tools: z.number(),
  tokens: z.number(),
  servers: z.array(z.string()),
  /** What every client sees without a profile (the visible tools of the gateway), to compare. */
  all: z.object({ tools: z.number(), tokens: z.number() }),
  /** The selected tools, most expensive first. */
  selected: z.array(ProfileToolSchema),
  /** Patterns that select no tool of the profile's servers (usually a typo). */
  unmatched: z.object({ allow: z.array(z.string()), deny: z.array(z.string()) }),
  /** Pinned names that are not among the selected tools (they will not be listed). */
  pinnedOutside: z.array(z.string()),
});
export type ProfilePreviewDto = z.infer<typeof ProfilePreviewSchema>;

const ProfileSummarySchema = z.object({
  name: z.string(),
  /** As written in the config (`default` may have no entry: then it is everything). */
  config: ProfileSchema,
  /** Whether the config file defines it. */
  defined: z.boolean(),
  /** The mode its clients get on `/mcp`. */
  mode: z.enum(['all', 'meta']),
  /** Tools its clients see (in full mode). */
  tools: z.number(),
  /** Context tokens of those tool definitions. */
  tokens: z.number(),
  servers: z.array(z.string()),
  /** Client tokens that belong to it. */
  clients: z.array(z.string()),
});
export type ProfileSummaryDto = z.infer<typeof ProfileSummarySchema>;

const ProfileListSchema = z.object({ profiles: z.array(ProfileSummarySchema) });

export const listTokens = defineRoute({
  id: 'tokens.list',
  method: 'GET',
  path: '/tokens',
  tag: 'clients',
  kind: 'json',
  summary: 'Client tokens (name, profile, created, last used) and whether MCP endpoints require one',
  response: TokenListSchema,
});

export const createToken = defineRoute({
  id: 'tokens.create',
  method: 'POST',
  path: '/tokens',
  tag: 'clients',
  kind: 'json',
  summary: 'Create a client token; the answer holds the token, shown this once',
  body: CreateTokenBodySchema,
  response: CreatedTokenSchema,
  status: 201,
});

export const updateToken = defineRoute({
  id: 'tokens.update',
  method: 'PATCH',
  path: '/tokens/:id',
  tag: 'clients',
  kind: 'json',
  summary: 'Rename a client token or move it to another profile (its open sessions end on a move)',
  params: TokenParams,
  body: UpdateTokenBodySchema,
  response: TokenInfoSchema,
});

export const revokeToken = defineRoute({
  id: 'tokens.revoke',
  method: 'DELETE',
  path: '/tokens/:id',
  tag: 'clients',
  kind: 'json',
  summary: 'Revoke a client token (by id or name); its sessions end at once',
  params: TokenParams,
  response: OkSchema,
});

export const listProfiles = defineRoute({
  id: 'profiles.list',
  method: 'GET',
  path: '/profiles',
  tag: 'clients',
  kind: 'json',
  summary: 'Profiles with what their clients see: servers, tool count and its context cost in tokens',
  response: ProfileListSchema,
});

export const createProfile = defineRoute({
  id: 'profiles.create',
  method: 'POST',
  path: '/profiles',
  tag: 'clients',
  kind: 'json',
  summary:
    'Create a profile (refused when one of that name exists); written to gateway.profiles in the config file',
  body: CreateProfileBodySchema,
  response: ProfileSummarySchema,
  status: 201,
});

export const previewProfile = defineRoute({
  id: 'profiles.preview',
  method: 'POST',
  path: '/profiles/preview',
  tag: 'clients',
  kind: 'json',
  summary: 'What a profile would select (tools, context cost, patterns that match nothing); writes nothing',
  body: ProfilePreviewBodySchema,
  response: ProfilePreviewSchema,
});

export const renameProfile = defineRoute({
  id: 'profiles.rename',
  method: 'POST',
  path: '/profiles/:name/rename',
  tag: 'clients',
  kind: 'json',
  summary: 'Rename a profile; the tokens that use it move along (their open sessions end)',
  params: ProfileNameParams,
  body: RenameProfileBodySchema,
  response: ProfileSummarySchema,
});

export const putProfile = defineRoute({
  id: 'profiles.put',
  method: 'PUT',
  path: '/profiles/:name',
  tag: 'clients',
  kind: 'json',
  summary: 'Create or replace a profile (written to gateway.profiles in the config file)',
  params: ProfileNameParams,
  body: ProfileSchema,
  response: ProfileSummarySchema,
});

export const deleteProfile = defineRoute({
  id: 'profiles.delete',
  method: 'DELETE',
  path: '/profiles/:name',
  tag: 'clients',
  kind: 'json',
  summary: 'Remove a profile; one that tokens use is refused unless `moveTo` names the profile they move to',
  params: ProfileNameParams,
  query: DeleteProfileQuerySchema,
  response: OkSchema,
});

export const rotateAdminToken = defineRoute({
  id: 'adminToken.rotate',
  method: 'POST',
  path: '/admin-token/rotate',
  tag: 'gateway',
  kind: 'json',
  summary:
    'Replace the admin token in the data folder; the old one is refused from now on (the answer never holds the token)',
  response: OkSchema,
});

export const IDENTITY_ROUTES = [
  listTokens,
  createToken,
  updateToken,
  revokeToken,
  listProfiles,
  createProfile,
  previewProfile,
  renameProfile,
  putProfile,
  deleteProfile,
] as const;

/** Routes the control plane serves itself (they change its own admin token). */
export const ADMIN_TOKEN_ROUTES = [rotateAdminToken] as const;
