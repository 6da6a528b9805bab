import { z } from 'zod';

import { ToolControlsSchema } from '../config.js';
import { HIDDEN_REASONS } from '../hidden-reasons.js';
import { defineRoute } from './contract.js';

/**
 * Context-budget routes: what tool definitions cost in the model's context, what a change of
 * filters, budgets, compaction or mode would do before it is applied, and the meta-mode search.
 * Controls themselves are changed through the server and settings update routes (the server's
 * `tools` field, the `gateway` section); the catalog re-selects and clients get list_changed.
 */

/** Tokens are counted with this encoding (gpt-tokenizer); the figures are comparable, not exact for every model. */
export const TOKENIZER = 'o200k_base';

/** Why clients do not see a tool (the values and what each means: src-shared/hidden-reasons.ts). */
const HiddenReasonSchema = z.enum(HIDDEN_REASONS);

const ContextToolSchema = z.object({
  /** Exposed id (`server__tool`). */
  id: z.string(),
  server: z.string(),
  name: z.string(),
  /** Tokens of the definition clients see (compacted when compaction is on). */
  tokens: z.number(),
  /** Tokens of the definition as the server lists it. */
  fullTokens: z.number(),
  visible: z.boolean(),
  hiddenReason: HiddenReasonSchema.optional(),
  /** Listed next to the meta tools in meta mode. */
  pinned: z.boolean(),
});
export type ContextTool = z.infer<typeof ContextToolSchema>;

const BudgetSchema = z.object({
  maxTools: z.number().optional(),
  maxTokens: z.number().optional(),
});

const ContextServerSchema = z.object({
  name: z.string(),
  /** Tools the server lists / tools clients see. */
  tools: z.number(),
  visibleTools: z.number(),
  /** Tokens of the visible tools as clients see them. */
  tokens: z.number(),
  /** Tokens of every tool as the server lists it. */
  fullTokens: z.number(),
  budget: BudgetSchema,
});

const ContextReportSchema = z.object({
  tokenizer: z.literal(TOKENIZER),
  mode: z.enum(['all', 'meta']),
  compaction: z.boolean(),
  /** The total budget over all servers. */
  budget: BudgetSchema,
  totals: z.object({
    allTools: z.number(),
    visibleTools: z.number(),
    /** Every tool, unfiltered and uncompacted. */
    allTokens: z.number(),
    /** The tools clients see (mode `all`). */
    visibleTokens: z.number(),
    /** The meta tools alone. */
    metaTokens: z.number(),
    /** What clients actually get: visible tools in mode `all`, meta tools + pinned tools in mode `meta`. */
    contextTokens: z.number(),
  }),
  servers: z.array(ContextServerSchema),
  tools: z.array(ContextToolSchema),
  /** What budgets cut, patterns that match nothing, unknown names. */
  warnings: z.array(z.string()),
});
export type ContextReport = z.infer<typeof ContextReportSchema>;

const nullablePositive = z.number().int().positive().nullable().optional();

const ContextPreviewBodySchema = z.object({
  /** Proposed tool controls per server; `null` clears them. Servers not named keep theirs. */
  servers: z.record(z.string(), ToolControlsSchema.nullable()).optional(),
  /** Proposed gateway settings; `null` removes a budget. */
  gateway: z
    .object({
      mode: z.enum(['all', 'meta']).optional(),
      compaction: z.boolean().optional(),
      maxTools: nullablePositive,
      maxTokens: nullablePositive,
    })
    .optional(),
});
export type ContextPreviewBody = z.infer<typeof ContextPreviewBodySchema>;

const VisibilitySchema = z.object({ visible: z.boolean(), hiddenReason: HiddenReasonSchema.optional() });

const ContextPreviewSchema = z.object({
  current: ContextReportSchema,
  proposed: ContextReportSchema,
  /** proposed − current. */
  delta: z.object({ visibleTools: z.number(), visibleTokens: z.number(), contextTokens: z.number() }),
  /** Tools whose visibility or hidden reason would change. */
  changed: z.array(
    z.object({
      id: z.string(),
      server: z.string(),
      name: z.string(),
      before: VisibilitySchema,
      after: VisibilitySchema,
    }),
  ),
});
export type ContextPreview = z.infer<typeof ContextPreviewSchema>;

const ContextSearchQuerySchema = z.object({
  q: z.string().trim().min(1, 'q is required: describe the task in a few words'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  server: z.string().optional(),
});

const ContextSearchSchema = z.object({
  query: z.string(),
  results: z.array(
    z.object({
      id: z.string(),
      server: z.string(),
      name: z.string(),
      summary: z.string(),
      required: z.array(z.object({ name: z.string(), type: z.string() })),
      /** Why it matched: query words, `word→tool word`, `used before`, `similar meaning`. */
      matched: z.array(z.string()).optional(),
      score: z.number(),
    }),
  ),
  /** Whether semantic similarity (embeddings) was fused in, and if not, why. */
  semantic: z.object({ used: z.boolean(), reason: z.string().optional() }).optional(),
});
export type ContextSearch = z.infer<typeof ContextSearchSchema>;

export const getContext = defineRoute({
  id: 'context.get',
  method: 'GET',
  path: '/context',
  tag: 'context',
  kind: 'json',
  summary: 'Context cost: tokens per tool, per server and in total, budgets and what they cut',
  response: ContextReportSchema,
});

export const previewContext = defineRoute({
  id: 'context.preview',
  method: 'POST',
  path: '/context/preview',
  tag: 'context',
  kind: 'json',
  summary: 'What proposed tool controls, budgets, compaction or mode would select — without applying them',
  body: ContextPreviewBodySchema,
  response: ContextPreviewSchema,
});

export const searchContext = defineRoute({
  id: 'context.search',
  method: 'GET',
  path: '/context/search',
  tag: 'context',
  kind: 'json',
  summary: 'Ranked tool search, the same the meta tool gateway__search_tools runs',
  query: ContextSearchQuerySchema,
  response: ContextSearchSchema,
});

/** The semantic ranking option (`gateway.search.embeddings`): what it is doing, or why it is not. */
const EmbeddingsStatusSchema = z.object({
  /** `off` (not configured or turned off), `indexing` (computing tool vectors), `ready`, `error`. */
  state: z.enum(['off', 'indexing', 'ready', 'error']),
  url: z.string().optional(),
  model: z.string().optional(),
  dimensions: z.number().optional(),
  /** Visible tools / of them with a vector. */
  tools: z.number(),
  vectors: z.number(),
  /** Vectors kept in the cache file (all models). */
  cached: z.number(),
  /** Why searches rank by words only right now. */
  reason: z.string().optional(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.number() }).optional(),
  /** Milliseconds the last query embedding took. */
  lastQueryMs: z.number().optional(),
});
export type EmbeddingsStatus = z.infer<typeof EmbeddingsStatusSchema>;

/** Settings to try; absent fields come from the config. */
const EmbeddingsTestBodySchema = z.object({
  url: z.string().optional(),
  model: z.string().optional(),
  apiKey: z.string().optional(),
});

const EmbeddingsTestSchema = z.object({
  ok: z.boolean(),
  url: z.string(),
  model: z.string(),
  /** Length of the vectors the model answers. */
  dimensions: z.number().optional(),
  latencyMs: z.number(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type EmbeddingsTest = z.infer<typeof EmbeddingsTestSchema>;

export const getEmbeddingsStatus = defineRoute({
  id: 'search.embeddings',
  method: 'GET',
  path: '/search/embeddings',
  tag: 'context',
  kind: 'json',
  summary: 'Semantic search through an embeddings endpoint: state, model, vectors, why it is not in use',
  response: EmbeddingsStatusSchema,
});

export const testEmbeddings = defineRoute({
  id: 'search.embeddings.test',
  method: 'POST',
  path: '/search/embeddings/test',
  tag: 'context',
  kind: 'json',
  summary: 'Embed a short text with the given (or configured) endpoint: dimensions and latency, or the error',
  body: EmbeddingsTestBodySchema,
  response: EmbeddingsTestSchema,
});

export const CONTEXT_ROUTES = [
  getContext,
  previewContext,
  searchContext,
  getEmbeddingsStatus,
  testEmbeddings,
] as const;
