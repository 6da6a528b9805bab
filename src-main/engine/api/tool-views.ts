import type { z } from 'zod';

import type { ToolListSchema, ToolSummary } from '../../../src-shared/api/schemas.js';
import type { CatalogTool, EngineContext } from '../types.js';
import { notFound } from './server-views.js';

/** What the API shows of one catalog tool; `disabled` is its server's `tools.disabled`. */
export function toolView(t: CatalogTool, disabled: ReadonlySet<string>, withSchema: boolean): ToolSummary {
  const out: ToolSummary = {
    id: t.id,
    server: t.server,
    name: t.name,
    tokens: t.tokens,
    visible: t.visible,
    enabled: !disabled.has(t.name),
  };
  if (t.definition.title !== undefined) {
    out.title = t.definition.title;
  }
  if (t.definition.description !== undefined) {
    out.description = t.definition.description;
  }
  if (t.hiddenReason !== undefined) {
    out.hiddenReason = t.hiddenReason;
  }
  if (withSchema) {
    out.inputSchema = t.definition.inputSchema as Record<string, unknown>;
  }
  return out;
}

/** The catalog's tools (of one server, visible or hidden ones only) with their totals. */
export function toolList(
  ctx: EngineContext,
  query: { server?: string | undefined; visible?: boolean | undefined; schema?: boolean | undefined },
): z.infer<typeof ToolListSchema> {
  const servers = ctx.config.current().mcpServers;
  const { server, visible, schema } = query;
  if (server !== undefined && servers[server] === undefined) {
    throw notFound(server);
  }
  const disabledBy = new Map<string, Set<string>>();
  const tools = ctx.catalog
    .tools()
    .filter(
      (t) =>
        (server === undefined || t.server === server) && (visible === undefined || t.visible === visible),
    )
    .map((t) => {
      let d = disabledBy.get(t.server);
      if (d === undefined) {
        d = new Set(servers[t.server]?.tools?.disabled ?? []);
        disabledBy.set(t.server, d);
      }
      return toolView(t, d, schema === true);
    });
  const shown = tools.filter((t) => t.visible);
  return {
    tools,
    totals: {
      tools: tools.length,
      visible: shown.length,
      tokens: tools.reduce((n, t) => n + t.tokens, 0),
      visibleTokens: shown.reduce((n, t) => n + t.tokens, 0),
    },
  };
}
