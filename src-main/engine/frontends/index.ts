/**
 * Frontends: what MCP clients connect to. `/mcp` in both protocol eras, `/sse` + `/messages`
 * (the legacy transport), `/mcp/<server>` with a server's own names, the hot path for calls on
 * open sessions, and the HTTP plumbing (body limits, JSON depth, bounded writes) they share with
 * the control plane.
 */
export { type Frontends, mountFrontends } from './mount-frontends.js';
export { MAX_JSON_DEPTH, boundedWrite, valueTooDeep } from './http-util.js';
