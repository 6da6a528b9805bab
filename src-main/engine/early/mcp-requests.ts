import querystring from 'node:querystring';

/**
 * Rules about MCP requests over HTTP that both the start-up answers and the frontends apply. They
 * live here, not in the frontends, because this folder is loaded before the MCP SDK: nothing here
 * may import more than plain functions.
 */

/** A JSON-RPC request id as the MCP SDK accepts one: a string or an integer. */
export function isRequestId(v: unknown): v is string | number {
  return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
}

/** Whether an Accept header takes both answers a Streamable HTTP POST may get: JSON and SSE. */
export function acceptsJsonAndSse(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('application/json') && accept.includes('text/event-stream');
}

/**
 * The scope key of `/mcp`: the meta view when asked (`?mode=meta`) or when the mode in force (the
 * profile's, else the gateway's) is `meta`; every server (`*`) otherwise.
 */
export function mcpScopeKey(askedMeta: boolean, mode: 'all' | 'meta'): 'meta' | '*' {
  return askedMeta || mode === 'meta' ? 'meta' : '*';
}

/** Whether a name may address a server in `/mcp/<server>`: `*` and `meta` are scope keys. */
export function isServerScope(name: string): boolean {
  return name !== '*' && name !== 'meta';
}

/** What an MCP URL addresses: `/mcp` (and whether it asked for the meta view), or one server. */
export type McpUrlTarget = { server: undefined; askedMeta: boolean } | { server: string };

/**
 * The target of `/mcp[?…]` or `/mcp/<server>[?…]` (the name percent-decoded); undefined for any
 * other path or a name that does not decode. Whether the server exists is the caller's to tell.
 */
export function mcpUrlTarget(url: string): McpUrlTarget | undefined {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  if (pathname === '/mcp') {
    return {
      server: undefined,
      // Read as the engine's express routes read it (query parser "simple", node:querystring): a
      // repeated `mode` is a list, which is not `meta`.
      askedMeta: q >= 0 && querystring.parse(url.slice(q + 1))['mode'] === 'meta',
    };
  }
  if (pathname.startsWith('/mcp/') && pathname.indexOf('/', 5) < 0) {
    try {
      return { server: decodeURIComponent(pathname.slice(5)) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
