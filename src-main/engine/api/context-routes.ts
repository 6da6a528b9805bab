import type { Router } from 'express';
import type { Tool } from '@modelcontextprotocol/client';

import {
  CONTEXT_ROUTES,
  type ContextPreview,
  type ContextPreviewBody,
  type ContextReport,
  type ContextTool,
  TOKENIZER,
} from '../../../src-shared/api/context.js';
import { EmbeddingsSettingsSchema, type GatewayConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { HIDDEN_BY_POLICY } from '../../../src-shared/hidden-reasons.js';
import {
  countToolTokens,
  createToolSearch,
  META_TOOLS,
  selectTools,
  type ServerTools,
} from '../context/index.js';
import type { CatalogTool, EngineContext } from '../types.js';

import { type RouteHandlers, registerRoutes } from './register.js';

/** Handlers of the context-budget routes (src-shared/api/context.ts). */

/** Reasons decided by selectTools; any other hidden reason comes from the catalog itself. */

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

  const servers = order.map((name) => {
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

/** Handlers for CONTEXT_ROUTES. Each call builds its own search index, kept in line with the catalog. */
export function contextHandlers(): RouteHandlers<typeof CONTEXT_ROUTES> {
  const search = createToolSearch();
  return {
    'context.get': ({ ctx }) => contextReport(ctx, ctx.config.current()),
    'context.preview': ({ ctx, input }) => previewContext(ctx, input.body),
    'context.search': async ({ ctx, input }) => {
      const { q, limit, server } = input.query;
      const config = ctx.config.current();
      if (server !== undefined && config.mcpServers[server] === undefined) {
        throw new GatewayError(
          'SERVER_NOT_FOUND',
          `server '${server}' not found: \`mcp-gateway servers list\` shows the configured ones`,
          {
            field: 'server',
          },
        );
      }
      const tools = ctx.catalog.tools().filter((t) => t.visible);
      search.sync(
        tools,
        Object.entries(config.mcpServers).map(([name, s]) => ({ name, description: s.description })),
      );
      const ranked = server !== undefined ? tools.filter((t) => t.server === server) : tools;
      const sem = ctx.semantic !== undefined ? await ctx.semantic.scores(q, ranked) : undefined;
      const results = search.search(q, {
        limit,
        ...(server !== undefined ? { server } : {}),
        ...(sem?.scores !== undefined ? { semantic: sem.scores } : {}),
      });
      return {
        query: q,
        results,
        semantic:
          sem?.scores !== undefined
            ? { used: true }
            : { used: false, reason: sem?.reason ?? 'semantic search is not configured' },
      };
    },

    'search.embeddings': ({ ctx }) =>
      ctx.semantic?.status() ?? { state: 'off', tools: 0, vectors: 0, cached: 0, reason: 'not available' },

    'search.embeddings.test': async ({ ctx, input }) => {
      const configured = ctx.config.current().gateway.search.embeddings;
      const body = input.body;
      const candidate = {
        ...(configured ?? {}),
        ...(body.url !== undefined ? { url: body.url.trim() } : {}),
        ...(body.model !== undefined ? { model: body.model.trim() } : {}),
        ...(body.apiKey !== undefined
          ? { apiKey: body.apiKey.trim() === '' ? undefined : body.apiKey.trim() }
          : {}),
      };
      const checked = EmbeddingsSettingsSchema.safeParse(candidate);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const field = issue?.path.join('.') ?? '';
        throw new GatewayError(
          'VALIDATION_FAILED',
          `gateway.search.embeddings${field !== '' ? `.${field}` : ''}: ${issue?.message ?? 'invalid'}`,
          { field: `gateway.search.embeddings${field !== '' ? `.${field}` : ''}` },
        );
      }
      if (ctx.semantic === undefined) {
        throw new GatewayError('NOT_FOUND', 'semantic search is not available in this gateway');
      }
      return ctx.semantic.test(checked.data);
    },
  };
}

/** Mount the context routes on the API router (behind its auth and limits). */
export function mountContextRoutes(router: Router, ctx: EngineContext): void {
  registerRoutes(router, CONTEXT_ROUTES, contextHandlers(), ctx);
}
