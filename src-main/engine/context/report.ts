/**
 * The context report: what each tool costs in model context and which tools clients see, for
 * the config in force or a proposed one (the control plane's context routes serve it).
 */
import type { Tool } from '@modelcontextprotocol/client';

import type {
  ContextPreview,
  ContextPreviewBody,
  ContextReport,
  ContextTool,
} from '../../../src-shared/api/context.js';
import { TOKENIZER } from '../../../src-shared/api/context.js';
import type { GatewayConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { HIDDEN_BY_POLICY } from '../../../src-shared/hidden-reasons.js';
import type { CatalogTool, EngineContext } from '../types.js';
import { META_TOOLS } from './meta.js';
import { selectTools, type ServerTools } from './select.js';
import { countToolTokens } from './tokens.js';

let metaTokensCount: number | undefined;
/** Counted on first use, like every token figure (the tokenizer loads lazily). */
const metaTokens = (): number => (metaTokensCount ??= META_TOOLS.reduce((n, t) => n + countToolTokens(t), 0));

/**
 * Run the same selection the catalog runs, for `config`, over the tools the servers currently
 * list. With the live config this reproduces what clients see; with a proposed one, what they
 * would see.
 */
export function contextReport(ctx: EngineContext, config: GatewayConfig): ContextReport {
  const byServer = new Map<string, CatalogTool[]>();
  for (const t of ctx.catalog.tools()) {
    const list = byServer.get(t.server) ?? [];
    list.push(t);
    byServer.set(t.server, list);
  }
  const order = Object.keys(config.mcpServers);
  const listed: CatalogTool[] = [];
  const perServer: ServerTools[] = order.map((server) => {
    const tools = byServer.get(server) ?? [];
    listed.push(...tools);
    return { server, tools: tools.map((t) => t.definition), controls: config.mcpServers[server]?.tools };
  });
  const g = config.gateway;
  const selection = selectTools(perServer, {
    maxTools: g.maxTools,
    maxTokens: g.maxTokens,
    compaction: g.compaction,
  });

  const tools: ContextTool[] = selection.entries.map((e, i) => {
    const live = listed[i];
    const pinned = config.mcpServers[e.server]?.tools?.pinned?.includes(e.name) === true;
    // The catalog may hide a selected tool for reasons of its own (e.g. `needs-tasks`); mirror it.
    const ownReason =
      live?.hiddenReason !== undefined && !HIDDEN_BY_POLICY.has(live.hiddenReason)
        ? live.hiddenReason
        : undefined;
    const hiddenReason = ownReason ?? e.hiddenReason;
    return {
      id: live?.id ?? e.name,
      server: e.server,
      name: e.name,
      tokens: e.tokens,
      fullTokens: e.fullTokens,
      visible: e.visible && ownReason === undefined,
      ...(hiddenReason !== undefined ? { hiddenReason } : {}),
      pinned,
    };
  });

  const servers = serverRows(order, tools, config);

  // In meta mode clients see the meta tools plus pinned tools under their ids (see context/meta.ts).
  const pinnedTokens = tools
    .filter((t) => t.visible && t.pinned)
    .reduce((n, t) => {
      const def = listed.find((l) => l.id === t.id)?.definition;
      return n + (def !== undefined ? countToolTokens({ ...def, name: t.id } as Tool) : 0);
    }, 0);
  const visible = tools.filter((t) => t.visible);
  const visibleTokens = visible.reduce((n, t) => n + t.tokens, 0);
  const contextTokens = g.mode === 'meta' ? metaTokens() + pinnedTokens : visibleTokens;

  return {
    tokenizer: TOKENIZER,
    mode: g.mode,
    compaction: g.compaction,
    budget: {
      ...(g.maxTools !== undefined ? { maxTools: g.maxTools } : {}),
      ...(g.maxTokens !== undefined ? { maxTokens: g.maxTokens } : {}),
    },
    totals: {
      allTools: tools.length,
      visibleTools: visible.length,
      allTokens: selection.totals.allTokens,
      visibleTokens,
      metaTokens: metaTokens(),
      contextTokens,
    },
    servers,
    tools,
    warnings: selection.warnings,
  };
}

/** Per server, in config order: its tools, the visible ones, their tokens and its budget. */
export function serverRows(
  order: readonly string[],
  tools: readonly ContextTool[],
  config: GatewayConfig,
): ContextReport['servers'] {
  return order.map((name) => {
    const mine = tools.filter((t) => t.server === name);
    const shown = mine.filter((t) => t.visible);
    const c = config.mcpServers[name]?.tools;
    return {
      name,
      tools: mine.length,
      visibleTools: shown.length,
      tokens: shown.reduce((n, t) => n + t.tokens, 0),
      fullTokens: mine.reduce((n, t) => n + t.fullTokens, 0),
      budget: {
        ...(c?.maxTools !== undefined ? { maxTools: c.maxTools } : {}),
        ...(c?.maxTokens !== undefined ? { maxTokens: c.maxTokens } : {}),
      },
    };
  });
}

/** The live config with proposed controls laid over it. Throws for servers that do not exist. */
export function proposedConfig(config: GatewayConfig, body: ContextPreviewBody): GatewayConfig {
  const next = structuredClone(config);
  for (const [name, controls] of Object.entries(body.servers ?? {})) {
    const server = next.mcpServers[name];
    if (server === undefined) {
      throw new GatewayError(
        'SERVER_NOT_FOUND',
        `server '${name}' not found: preview controls only for configured servers (\`mcp-gateway servers list\`)`,
        { field: `servers.${name}` },
      );
    }
    if (controls === null) {
      delete server.tools;
    } else {
      server.tools = controls;
    }
  }
  const g = body.gateway ?? {};
  if (g.mode !== undefined) {
    next.gateway.mode = g.mode;
  }
  if (g.compaction !== undefined) {
    next.gateway.compaction = g.compaction;
  }
  for (const key of ['maxTools', 'maxTokens'] as const) {
    const v = g[key];
    if (v === null) {
      delete next.gateway[key];
    } else if (v !== undefined) {
      next.gateway[key] = v;
    }
  }
  return next;
}

export function previewContext(ctx: EngineContext, body: ContextPreviewBody): ContextPreview {
  const live = ctx.config.current();
  const current = contextReport(ctx, live);
  const proposed = contextReport(ctx, proposedConfig(live, body));
  const before = new Map(current.tools.map((t) => [t.id, t]));
  const changed: ContextPreview['changed'] = [];
  for (const after of proposed.tools) {
    const prev = before.get(after.id);
    if (prev !== undefined && (prev.visible !== after.visible || prev.hiddenReason !== after.hiddenReason)) {
      const vis = (t: ContextTool) => ({
        visible: t.visible,
        ...(t.hiddenReason !== undefined ? { hiddenReason: t.hiddenReason } : {}),
      });
      changed.push({
        id: after.id,
        server: after.server,
        name: after.name,
        before: vis(prev),
        after: vis(after),
      });
    }
  }
  return {
    current,
    proposed,
    delta: {
      visibleTools: proposed.totals.visibleTools - current.totals.visibleTools,
      visibleTokens: proposed.totals.visibleTokens - current.totals.visibleTokens,
      contextTokens: proposed.totals.contextTokens - current.totals.contextTokens,
    },
    changed,
  };
}
