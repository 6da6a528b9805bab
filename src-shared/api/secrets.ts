import { z } from 'zod';

import { defineRoute } from './contract.js';
import { OkSchema } from './schemas.js';

/**
 * Secrets for `${secret:NAME}` references: names can be listed, values can be written and
 * deleted, but no route ever returns a value.
 */

const SecretNameParams = z.object({
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/,
      'secret names use letters, digits, "-", "_" and "." (start with a letter or digit)',
    ),
});

const SecretStoreInfoSchema = z.object({
  /** `keychain` = the OS keychain; `file` = the owner-only file the user consented to; `none`. */
  kind: z.enum(['keychain', 'file', 'none']),
  description: z.string(),
  available: z.boolean(),
  /** Why it cannot be used, and what to do. */
  reason: z.string().optional(),
});

const SecretListSchema = z.object({
  store: SecretStoreInfoSchema,
  names: z.array(z.string()),
});

const SetSecretBodySchema = z.object({
  value: z
    .string()
    .min(1, 'a secret needs a value')
    .max(64 * 1024, 'a secret is at most 64 KiB'),
});

export const listSecrets = defineRoute({
  id: 'secrets.list',
  method: 'GET',
  path: '/secrets',
  tag: 'secrets',
  kind: 'json',
  summary: 'Where secrets are kept and the names stored there (never the values)',
  response: SecretListSchema,
});

export const setSecret = defineRoute({
  id: 'secrets.set',
  method: 'PUT',
  path: '/secrets/:name',
  tag: 'secrets',
  kind: 'json',
  summary: 'Store a secret in the OS keychain; reference it from the config as ${secret:NAME}',
  params: SecretNameParams,
  body: SetSecretBodySchema,
  response: OkSchema,
});

export const deleteSecret = defineRoute({
  id: 'secrets.delete',
  method: 'DELETE',
  path: '/secrets/:name',
  tag: 'secrets',
  kind: 'json',
  summary: 'Remove a secret',
  params: SecretNameParams,
  response: OkSchema,
});

export const SECRET_ROUTES = [listSecrets, setSecret, deleteSecret] as const;
