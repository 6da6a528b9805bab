import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ClientIdentity, Identity } from '../identity/index.js';
import { sendJsonRpcError } from './http-util.js';

/**
 * The answer to an MCP request without a usable client token: 401 with `WWW-Authenticate: Bearer`
 * (RFC 6750) and a JSON-RPC error whose message says how to get a token, because that message is
 * what a user sees in their client's log.
 */

const HOW =
  'Create one with `mcp-gateway clients tokens create <name>` or in the dashboard (Clients → Client tokens), and send it as "Authorization: Bearer <token>"; `mcp-gateway clients connect <client>` does both for a client it knows.';

const MESSAGES = {
  missing: `This gateway requires a client token. ${HOW} (To let any local process in without a token, set "gateway.clientAuth": "off".)`,
  invalid: `The client token was not accepted: it is unknown or was revoked. ${HOW}`,
  admin: `The admin token is for the control API only and is never accepted on MCP endpoints. Use a client token instead. ${HOW}`,
} as const;

export function refuseClient(res: ServerResponse, reason: keyof typeof MESSAGES): void {
  const challenge =
    reason === 'missing' ? 'Bearer realm="mcp-gateway"' : 'Bearer realm="mcp-gateway", error="invalid_token"';
  sendJsonRpcError(res, 401, -32001, MESSAGES[reason], { 'www-authenticate': challenge });
}

/**
 * The caller of an MCP request, or undefined when it was answered here (401 without a valid
 * token, 429 over the profile's rate limit). `session`: the caller must be its token's owner.
 */
export function authorizeClient(
  identity: Identity,
  req: IncomingMessage,
  res: ServerResponse,
  session?: { client: ClientIdentity },
): ClientIdentity | undefined {
  const auth = identity.check(req.headers.authorization);
  if (!auth.ok) {
    refuseClient(res, auth.reason);
    return undefined;
  }
  if (session !== undefined && identity.required() && auth.client.tokenId !== session.client.tokenId) {
    sendJsonRpcError(
      res,
      403,
      -32001,
      'This session was opened with another client token. Reconnect with your own token (send initialize without a session id).',
    );
    return undefined;
  }
  const wait = identity.throttle(auth.client);
  if (wait > 0) {
    sendJsonRpcError(
      res,
      429,
      -32000,
      `Too many requests from the client "${auth.client.name ?? 'anonymous'}": its profile "${auth.client.profile.name}" allows ${auth.client.profile.requestsPerMinute} a minute. Retry in ${wait} s.`,
      { 'retry-after': String(wait) },
    );
    return undefined;
  }
  return auth.client;
}
