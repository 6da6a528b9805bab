import type { Router } from 'express';

import { CONTEXT_ROUTES } from '../../../src-shared/api/context.js';
import { EmbeddingsSettingsSchema } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { contextReport, createToolSearch, previewContext } from '../context/index.js';
import type { EngineContext } from '../types.js';
import { registerRoutes, type RouteHandlers } from './register.js';

/** Handlers of the context-budget routes (src-shared/api/context.ts). */

/** Handlers for CONTEXT_ROUTES. Each call builds its own search index, kept in line with the catalog. */
function contextHandlers(): RouteHandlers<typeof CONTEXT_ROUTES> {
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
        wordVectors: config.gateway.search.wordVectors,
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
