import type { IncomingMessage, ServerResponse } from 'node:http';

import { type Catalog, checkParamHeaders, paramHeadersOf, type Scope } from '../catalog/index.js';

/** SEP-2243: headers and body disagree (the code the 2026-07-28 spec gives it). */
const HEADER_MISMATCH = -32020;

/**
 * A 2026-07-28 `tools/call` whose `Mcp-Param-*` headers disagree with its arguments is answered
 * here, 400 with -32020, as the tool's server would answer it directly (the SDK's handler does
 * this only for its own `McpServer`, not for a relay). True when it was refused.
 */
export function refuseMismatchedParams(
  catalog: Catalog,
  scope: Scope,
  body: unknown,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const m = body as { id?: unknown; method?: unknown; params?: { name?: unknown; arguments?: unknown } };
  if (
    m === null ||
    typeof m !== 'object' ||
    m.method !== 'tools/call' ||
    typeof m.params?.name !== 'string'
  ) {
    return false;
  }
  let target: { server: string; name: string } | undefined;
  try {
    target = catalog.resolveTool(scope, m.params.name);
  } catch {
    return false; // the call's own handler says why the tool cannot be called
  }
  if (target === undefined) {
    return false;
  }
  const declared = paramHeadersOf(catalog.toolDefinition(target.server, target.name)?.inputSchema);
  if (declared.length === 0) {
    return false;
  }
  const mismatch = checkParamHeaders(declared, m.params.arguments, (h) => {
    const v = req.headers[h];
    return Array.isArray(v) ? v.join(', ') : v;
  });
  if (mismatch === undefined) {
    return false;
  }
  const reply = JSON.stringify({
    jsonrpc: '2.0',
    id: typeof m.id === 'string' || typeof m.id === 'number' ? m.id : null,
    error: {
      code: HEADER_MISMATCH,
      message: `Bad Request: the request headers and body disagree: ${mismatch.message}`,
      data: { mismatch: { header: mismatch.header } },
    },
  });
  res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
  res.end(reply);
  return true;
}
