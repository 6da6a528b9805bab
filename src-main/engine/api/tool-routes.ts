import { GatewayError } from '../../../src-shared/errors.js';
import type { EngineContext } from '../types.js';
import type { CoreHandlers } from './core-handlers.js';
import { serverConfig } from './server-views.js';
import { setToolDisabled } from './tool-edits.js';
import { toolList } from './tool-views.js';

type ToolRoutes = 'tools.list' | 'tools.enable' | 'tools.disable' | 'tools.call';
type CallTarget = { id: string } | { server: string; name: string };

/** The tool a call names: by its exposed id, or by server (which must be configured) and tool. */
function callTarget(ctx: EngineContext, body: { id?: string; server?: string; tool?: string }): CallTarget {
  const { id, server, tool } = body;
  if (id !== undefined) {
    return { id };
  }
  if (server !== undefined && tool !== undefined) {
    serverConfig(ctx, server);
    return { server, name: tool };
  }
  throw new GatewayError(
    'VALIDATION_FAILED',
    'say which tool to call: "id" (e.g. "memory__read_graph") or "server" and "tool"',
    { field: 'id' },
  );
}

/** The routes that list tools, switch them on and off, and call one. */
export function toolHandlers(): Pick<CoreHandlers, ToolRoutes> {
  return {
    'tools.list': ({ ctx, input }) => toolList(ctx, input.query),
    'tools.enable': ({ ctx, input }) => setToolDisabled(ctx, input.params.server, input.params.tool, false),
    'tools.disable': ({ ctx, input }) => setToolDisabled(ctx, input.params.server, input.params.tool, true),
    'tools.call': async ({ ctx, input, signal }) => {
      const target = callTarget(ctx, input.body);
      const started = ctx.clock.now();
      const result = await ctx.catalog.callTool(target, input.body.arguments, { client: 'api', signal });
      const known = 'id' in target ? ctx.catalog.tools().find((t) => t.id === target.id) : undefined;
      return {
        ...('server' in target ? { server: target.server, tool: target.name } : {}),
        ...(known ? { server: known.server, tool: known.name } : {}),
        durationMs: ctx.clock.now() - started,
        isError: result.isError === true,
        result,
      };
    },
  };
}
