import type { ServerResponse } from 'node:http';

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
