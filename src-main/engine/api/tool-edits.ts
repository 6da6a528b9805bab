import { GatewayError } from '../../../src-shared/errors.js';
import type { EngineContext } from '../types.js';
import { notFound, serverConfig } from './server-views.js';

/** Switches one tool of a server on or off in the config (`tools.disabled`). */
export async function setToolDisabled(ctx: EngineContext, server: string, tool: string, disabled: boolean) {
  const cfg = serverConfig(ctx, server);
  const known = ctx.catalog.tools().some((t) => t.server === server && t.name === tool);
  const listed = cfg.tools?.disabled?.includes(tool) === true;
  // Tools of a server that is not running cannot be checked; allow switching them off ahead of time.
  const live = ctx.supervisor.connection(server) !== undefined;
  if (!known && !listed && live) {
    throw new GatewayError(
      'TOOL_NOT_FOUND',
      `server '${server}' has no tool '${tool}': \`mcp-gateway tools list --server ${server}\` shows its tools`,
    );
  }
  await ctx.config.update((draft) => {
    const s = draft.mcpServers[server];
    if (s === undefined) {
      throw notFound(server);
    }
    const tools = (s.tools ??= {});
    const list = new Set(tools.disabled ?? []);
    if (disabled) {
      list.add(tool);
    } else {
      list.delete(tool);
    }
    if (list.size === 0) {
      delete tools.disabled;
    } else {
      tools.disabled = [...list];
    }
    if (Object.keys(tools).length === 0) {
      delete s.tools;
    }
  });
  return { server, tool, enabled: !disabled };
}
