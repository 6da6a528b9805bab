import { z } from 'zod';

import { defineRoute } from './contract.js';
import { ServerNameParams } from './schemas.js';

/**
 * Sign-in to remote servers that use OAuth. The gateway is the OAuth client; tokens stay in
 * the OS keychain and no route ever returns one.
 */

const LoginBodySchema = z
  .object({
    /**
     * Let the gateway open the sign-in page in a browser itself (the desktop app, or `$BROWSER`
     * of the gateway). `false` when the caller opens it (the CLI runs its own `$BROWSER`).
     */
    open: z.boolean().optional(),
  })
  .default({});

const LoginResultSchema = z.object({
  server: z.string(),
  /**
   * Open this page to sign in; the browser then returns to the gateway. Absent for a machine
   * account (`oauth.grant` `client_credentials`): it is signed in already and the server starts.
   */
  authorizationUrl: z.string().optional(),
  /** Whether the gateway opened it already. */
  opened: z.boolean(),
  /** The sign-in is given up after this time (epoch ms); start again after it. */
  pendingUntil: z.number(),
});

const LogoutResultSchema = z.object({
  ok: z.literal(true),
  /** Whether the authorization server confirmed the revocation (RFC 7009). */
  revoked: z.boolean(),
  message: z.string(),
});

export const loginServer = defineRoute({
  id: 'servers.login',
  method: 'POST',
  path: '/servers/:name/login',
  tag: 'servers',
  kind: 'json',
  summary: 'Start signing in to a remote server (OAuth): returns the sign-in page to open',
  description:
    'The browser comes back to /oauth/callback on the gateway; the server then starts. The state becomes running (watch server.state events) or stays needs-sign-in with the reason.',
  params: ServerNameParams,
  body: LoginBodySchema,
  response: LoginResultSchema,
});

export const logoutServer = defineRoute({
  id: 'servers.logout',
  method: 'POST',
  path: '/servers/:name/logout',
  tag: 'servers',
  kind: 'json',
  summary: 'Sign out of a remote server: revoke its tokens where supported and forget them',
  params: ServerNameParams,
  response: LogoutResultSchema,
});

export const OAUTH_ROUTES = [loginServer, logoutServer] as const;
