import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

import { discoverAuthorizationServerMetadata } from '@modelcontextprotocol/client';

import type { EnterpriseSettings } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';
import { basicCredentials, unreadableFileReason, unverifiedClaims } from './client-auth.js';
import { allowedScopeFor, assertOAuthUrl, createGuardedFetch, type Resolver } from './url-safety.js';

/**
 * Enterprise-managed authorization (the MCP extension; "cross-app access", SEP-990). The user
 * signed in to the company's identity provider with its own SSO tooling, which keeps an ID
 * token in a file or prints it on request. For each new access token the gateway:
 *   1. reads that ID token afresh (never from the config, never stored by the gateway);
 *   2. exchanges it at the IdP's token endpoint for an ID-JAG (RFC 8693 token exchange,
 *      `requested_token_type` id-jag, `audience` the MCP server's authorization server,
 *      `resource` the MCP server);
 *   3. hands the ID-JAG to `machine.ts`, which presents it to the authorization server with
 *      the JWT bearer grant (RFC 7523) and the gateway's own client authentication there.
 * No browser: an expired access token means the three steps again.
 */

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ID_JAG_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

/** The ID token command gets this long, and this much output. */
const COMMAND_TIMEOUT_MS = 30_000;
const COMMAND_MAX_OUTPUT = 256 * 1024;
/** The IdP's answer is read up to this size. */
const MAX_ANSWER = 256 * 1024;

/** What the exchange needs from the sign-in to the MCP server's authorization server. */
export interface IdJagRequest {
  /** The authorization server's issuer: the ID-JAG's audience. */
  audience: string;
  /** The MCP server's resource identifier (RFC 8707 / RFC 9728). */
  resource: string;
  scope?: string;
}

export type IdJagSource = (request: IdJagRequest) => Promise<string>;

const fail = (message: string): GatewayError => new GatewayError('SIGN_IN_FAILED', message);

/** The token in what a file holds or a command printed: the bare JWT, or JSON with `id_token`. */
function tokenIn(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const v = (JSON.parse(trimmed) as { id_token?: unknown }).id_token;
      return typeof v === 'string' ? v.trim() : '';
    } catch {
      return '';
    }
  }
  return trimmed;
}

/** An excerpt of a command's complaint, with anything token-shaped taken out. */
function complaint(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line === undefined) {
    return '';
  }
  const clean = line
    .replace(/eyJ[\w-]*(\.[\w-]*)*/g, '[hidden]')
    .replace(/[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g, '[hidden]')
    .replace(/[\w+/=-]{40,}/g, '[hidden]');
  return `: ${clean.slice(0, 200)}`;
}

function runCommand(server: string, argv: string[]): Promise<string> {
  const field = `mcpServers.${server}.oauth.enterprise.idTokenCommand`;
  const [program = '', ...args] = argv;
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { timeout: COMMAND_TIMEOUT_MS, maxBuffer: COMMAND_MAX_OUTPUT, windowsHide: true, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err === null) {
          resolve(stdout);
          return;
        }
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        const why =
          e.code === 'ENOENT'
            ? `the program '${program}' was not found; give its full path`
            : e.code === 'EACCES'
              ? `the program '${program}' may not be run`
              : e.killed === true
                ? `it did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`
                : e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
                  ? 'it printed too much'
                  : `it exited with ${typeof e.code === 'number' ? `code ${e.code}` : 'an error'}${complaint(stderr)}`;
        reject(
          fail(
            `the command in ${field} did not print an ID token (${why}); sign in with your SSO tool and try again`,
          ),
        );
      },
    );
  });
}

async function readTokenFile(server: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const why = unreadableFileReason(err);
    throw fail(
      `cannot read the ID token file named in mcpServers.${server}.oauth.enterprise.idTokenFile (${why}); sign in with your SSO tool so it writes the ID token there, then \`mcp-gateway servers login ${server}\``,
    );
  }
}

/** The user's ID token, from the file or the command, read afresh and checked for expiry. */
export async function readIdToken(server: string, e: EnterpriseSettings, now: number): Promise<string> {
  const from = e.idTokenCommand !== undefined ? 'idTokenCommand' : 'idTokenFile';
  const raw =
    e.idTokenCommand !== undefined
      ? await runCommand(server, e.idTokenCommand)
      : await readTokenFile(server, e.idTokenFile ?? '');
  const token = tokenIn(raw);
  const claims = token === '' ? undefined : unverifiedClaims(token);
  if (claims === undefined) {
    throw fail(
      `mcpServers.${server}.oauth.enterprise.${from} gave no ID token (a JWT, or JSON with an id_token field); sign in with your SSO tool and try again`,
    );
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) {
    throw fail(
      `the ID token from mcpServers.${server}.oauth.enterprise.${from} expired at ${new Date(claims.exp * 1000).toISOString()}; sign in with your SSO tool again, then \`mcp-gateway servers login ${server}\``,
    );
  }
  return token;
}

export interface IdJagSourceOptions {
  server: string;
  settings: EnterpriseSettings;
  now: () => number;
  /** DNS for the address checks (tests). */
  resolve?: Resolver;
}

/**
 * The exchange for one server entry: ID token in, ID-JAG out. The IdP's network scope is the one
 * its configured URL is in (the user named it; an IdP on the company network is normal).
 */
export function createIdJagSource(options: IdJagSourceOptions): IdJagSource {
  const { server, settings } = options;
  const at = `mcpServers.${server}.oauth.enterprise`;
  const idpUrl = new URL(settings.idpTokenEndpoint ?? settings.idpIssuer ?? '');
  const fetchFn = createGuardedFetch({
    allowed: allowedScopeFor(idpUrl),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  return async (request) => {
    const idToken = await readIdToken(server, settings, options.now());
    const endpoint = await idpTokenEndpoint(settings, at, idpUrl, fetchFn);
    const { body, headers } = exchangeRequest(settings, request, idToken);
    let res: Response;
    try {
      // No redirects: the ID token and the secret go to the configured endpoint only.
      res = await fetchFn(endpoint, { method: 'POST', headers, body, redirect: 'manual' });
    } catch (err) {
      throw fail(
        `the identity provider's token endpoint ${new URL(endpoint).origin} did not answer (${errorText(err)})`,
      );
    }
    return idJagOf(server, at, request, res);
  };
}

/** The IdP's token endpoint: the configured one, else the one its metadata names. */
async function idpTokenEndpoint(
  settings: EnterpriseSettings,
  at: string,
  idpUrl: URL,
  fetchFn: typeof fetch,
): Promise<string> {
  if (settings.idpTokenEndpoint !== undefined) {
    return assertOAuthUrl(settings.idpTokenEndpoint, allowedScopeFor(idpUrl)).href;
  }
  const issuer = settings.idpIssuer ?? '';
  let metadata: Awaited<ReturnType<typeof discoverAuthorizationServerMetadata>>;
  try {
    // The SDK checks that the document's issuer is the one asked for (RFC 8414 §3.3).
    metadata = await discoverAuthorizationServerMetadata(issuer, { fetchFn });
  } catch (err) {
    throw fail(
      `the identity provider's metadata at ${issuer} could not be used (${errorText(err)}); check ${at}.idpIssuer or give ${at}.idpTokenEndpoint`,
    );
  }
  if (metadata?.token_endpoint === undefined) {
    throw fail(
      `the identity provider ${issuer} publishes no OAuth or OpenID metadata with a token endpoint; give ${at}.idpTokenEndpoint instead of idpIssuer`,
    );
  }
  return assertOAuthUrl(metadata.token_endpoint, allowedScopeFor(idpUrl)).href;
}

/** The RFC 8693 token exchange request: the ID token for an ID-JAG, with the client's credentials. */
function exchangeRequest(
  settings: EnterpriseSettings,
  request: IdJagRequest,
  idToken: string,
): { body: URLSearchParams; headers: Record<string, string> } {
  const body = new URLSearchParams({
    grant_type: TOKEN_EXCHANGE_GRANT,
    requested_token_type: ID_JAG_TOKEN_TYPE,
    audience: request.audience,
    resource: request.resource,
    subject_token: idToken,
    subject_token_type: ID_TOKEN_TYPE,
  });
  if (request.scope) {
    body.set('scope', request.scope);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (settings.clientSecret !== undefined) {
    headers.authorization = basicCredentials(settings.clientId, settings.clientSecret);
  } else {
    body.set('client_id', settings.clientId);
  }
  return { body, headers };
}

/** The ID-JAG in the IdP's answer, or an error that says what to do about a refusal. */
async function idJagOf(server: string, at: string, request: IdJagRequest, res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).slice(0, MAX_ANSWER);
  let answer: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    answer = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    // Not JSON: said below by status.
  }
  if (!res.ok) {
    const code = typeof answer.error === 'string' ? answer.error.slice(0, 100) : `HTTP ${res.status}`;
    const what =
      typeof answer.error_description === 'string' ? `: ${answer.error_description.slice(0, 300)}` : '';
    const hint =
      code === 'invalid_client' || code === 'unauthorized_client'
        ? `check ${at}.clientId and the keychain secret behind ${at}.clientSecret`
        : code === 'invalid_grant'
          ? `the ID token may have expired or belong to another app: sign in with your SSO tool again, then \`mcp-gateway servers login ${server}\``
          : code === 'invalid_target'
            ? `the identity provider does not allow this gateway to reach ${request.resource} (audience ${request.audience}); ask its administrators to add it`
            : 'check the identity provider settings in ' + at;
    throw fail(`the identity provider refused the token exchange (${code}${what}); ${hint}`);
  }
  const grant = answer.access_token;
  if (typeof grant !== 'string' || grant === '') {
    throw fail(`the identity provider's token exchange answer has no access_token (the ID-JAG)`);
  }
  if (answer.issued_token_type !== undefined && answer.issued_token_type !== ID_JAG_TOKEN_TYPE) {
    throw fail(
      `the identity provider issued a ${String(answer.issued_token_type).slice(0, 100)} instead of an ID-JAG (${ID_JAG_TOKEN_TYPE}); it may not support enterprise-managed authorization`,
    );
  }
  return grant;
}
