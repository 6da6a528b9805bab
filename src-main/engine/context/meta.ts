import {
  type CallToolResult,
  ProtocolError,
  ProtocolErrorCode,
  type Tool,
} from '@modelcontextprotocol/client';

import type { ServerState } from '../../../src-shared/states.js';
import type { CallContext, CatalogApi, CatalogTool } from '../types.js';
import type { SearchMemory } from './learned.js';
import { contentWords, createToolSearch, type SearchHit, type ServerInfo } from './search.js';
import type { SemanticRanker } from './semantic.js';

/**
 * Meta mode: instead of every tool, clients see four small tools to list servers, search tools,
 * describe one and call one — plus any pinned tools. The whole meta surface stays under 500
 * tokens however many tools the servers offer.
 */

/** Prefix of the meta tools' names. */
export const META_PREFIX = 'gateway__';

export const META_TOOL_NAMES = {
  listServers: `${META_PREFIX}list_servers`,
  search: `${META_PREFIX}search_tools`,
  describe: `${META_PREFIX}describe_tool`,
  call: `${META_PREFIX}call_tool`,
} as const;

export interface MetaServer {
  name: string;
  description?: string | undefined;
  /** What the server says about itself (initialize): indexed by the search, never shown. */
  title?: string | undefined;
  instructions?: string | undefined;
  state: ServerState;
  toolCount: number;
}

export interface MetaDeps {
  /** Tools clients may use (visible ones), with their exposed ids. */
  listTools: () => CatalogTool[];
  callTool: CatalogApi['callTool'];
  servers: () => MetaServer[];
  /** Exposed ids of tools listed directly next to the meta tools. */
  pinned: () => string[];
  /**
   * Make sure a server is up before its tool is described (a sleeping server is started, so the
   * description is fresh and the call that usually follows does not wait).
   */
  wake?: (server: string, ctx: CallContext) => Promise<void>;
  /**
   * Learning from use: a search followed by a call of one of its results in the same session
   * is remembered and lifts that tool for similar requests. `enabled` is read on every use
   * (the settings switch).
   */
  learning?: { enabled: () => boolean; memory: SearchMemory };
  /** Semantic ranking through the user's embeddings endpoint, fused when it can be used. */
  semantic?: SemanticRanker;
}

/** Whether a search used semantic ranking, and if not, why (off, computing vectors, endpoint failed). */
interface SemanticUse {
  used: boolean;
  reason?: string;
}

export interface MetaToolset {
  /** The meta tools followed by the definitions of pinned tools (named by their ids). */
  tools(): Tool[];
  /**
   * Run a meta tool. Resolves `undefined` for any other name, so the caller routes it as an
   * ordinary tool call (pinned tools included).
   */
  call(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<CallToolResult | undefined>;
  isMetaTool(name: string): boolean;
  /** The lexical search with learned lifts, without waiting for an embeddings endpoint. */
  search(query: string, options?: { limit?: number; server?: string }): SearchHit[];
  /** The search `search_tools` runs: semantic similarity fused in when it can be used. */
  searchRanked(
    query: string,
    options?: { limit?: number; server?: string },
  ): Promise<{ hits: SearchHit[]; semantic: SemanticUse }>;
}

const DEFAULT_LIMIT = 8;
/** Sessions whose last search is remembered until they call one of its results. */
const MAX_PENDING = 256;
const MAX_LIMIT = 25;

/** Definitions kept short on purpose: every token here is paid in every conversation. */
export const META_TOOLS: readonly Tool[] = [
  {
    name: META_TOOL_NAMES.listServers,
    description: 'List connected MCP servers with their state, tool count and description.',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
  },
  {
    name: META_TOOL_NAMES.search,
    description:
      'Find tools for a task. Describe the task in plain words; returns tool ids, summaries and required parameters. Then call a tool with gateway__call_tool.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What you want to do' },
        server: { type: 'string', description: 'Only this server' },
        limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, description: `Default ${DEFAULT_LIMIT}` },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: META_TOOL_NAMES.describe,
    description: "Get a tool's full definition (description, input and output schema) by id.",
    inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    annotations: { readOnlyHint: true },
  },
  {
    name: META_TOOL_NAMES.call,
    description: 'Call a tool by id with its arguments. Returns the tool’s own result.',
    inputSchema: {
      type: 'object',
      properties: { id: { type: 'string' }, arguments: { type: 'object' } },
      required: ['id'],
    },
  },
];

const META_NAMES = new Set(META_TOOLS.map((t) => t.name));

function invalid(message: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message);
}

function text(value: string, structured?: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: value }],
    ...(structured !== undefined ? { structuredContent: structured } : {}),
  };
}

function hitLine(h: SearchHit, withWhy = true): string {
  const req = h.required.map((p) => `${p.name}: ${p.type}`).join(', ');
  const why = withWhy && h.matched.length > 0 ? ` | matched: ${h.matched.join(', ')}` : '';
  return `${h.id} — ${h.summary || '(no description)'}${req.length > 0 ? ` | required: ${req}` : ''}${why}`;
}

/**
 * A default search answer stays under 400 tokens: past this many characters (answers run at
 * 3.7 or more characters per o200k token), the "matched" part is dropped from the last lines up.
 * Counted in characters so meta mode never loads the tokenizer.
 */
const ANSWER_CHARS = 1400;

function answerText(hits: readonly SearchHit[], budget: boolean): string {
  const lines = hits.map((h) => hitLine(h));
  let length = lines.reduce((n, l) => n + l.length + 1, 0);
  for (let i = hits.length - 1; budget && i >= 0 && length > ANSWER_CHARS; i--) {
    const short = hitLine(hits[i] as SearchHit, false);
    length -= (lines[i]?.length ?? 0) - short.length;
    lines[i] = short;
  }
  return lines.join('\n');
}

export function createMetaToolset(deps: MetaDeps): MetaToolset {
  const index = createToolSearch();

  const visible = (): CatalogTool[] => deps.listTools().filter((t) => t.visible);
  const sync = (): CatalogTool[] => {
    const tools = visible();
    const servers: ServerInfo[] = deps.servers().map((s) => ({
      name: s.name,
      title: s.title,
      description: s.description,
      instructions: s.instructions,
    }));
    index.sync(tools, servers);
    return tools;
  };
  const learning = deps.learning;
  const learnOn = (): boolean => learning !== undefined && learning.enabled();
  const search = (query: string, options?: { limit?: number; server?: string }): SearchHit[] => {
    sync();
    const learned = learnOn() ? learning?.memory.lift(contentWords(query)) : undefined;
    return index.search(query, {
      ...options,
      ...(learned !== undefined && learned.size > 0 ? { learned } : {}),
    });
  };
  const searchRanked = async (
    query: string,
    options: { limit?: number; server?: string } = {},
  ): Promise<{ hits: SearchHit[]; semantic: SemanticUse }> => {
    if (deps.semantic === undefined) {
      return {
        hits: search(query, options),
        semantic: { used: false, reason: 'semantic search is not configured' },
      };
    }
    const tools = sync();
    const ranked = options.server !== undefined ? tools.filter((t) => t.server === options.server) : tools;
    const { scores, reason } = await deps.semantic.scores(query, ranked);
    const learned = learnOn() ? learning?.memory.lift(contentWords(query)) : undefined;
    const hits = index.search(query, {
      ...options,
      ...(learned !== undefined && learned.size > 0 ? { learned } : {}),
      ...(scores !== undefined ? { semantic: scores } : {}),
    });
    return {
      hits,
      semantic:
        scores !== undefined ? { used: true } : { used: false, ...(reason !== undefined ? { reason } : {}) },
    };
  };
  /** Per session (or client): the last search's words and result ids, until one is called. */
  const pending = new Map<string, { words: string[]; ids: Set<string> }>();
  const sessionKey = (ctx: CallContext): string => ctx.sessionId ?? `client:${ctx.client}`;

  const find = (id: unknown): CatalogTool => {
    if (typeof id !== 'string' || id.length === 0) {
      throw invalid('"id" is required: pass a tool id from gateway__search_tools');
    }
    const tool = visible().find((t) => t.id === id);
    if (tool === undefined) {
      const held = deps.listTools().find((t) => t.id === id && t.hiddenReason === 'held-back');
      if (held !== undefined) {
        throw invalid(`unknown tool id "${id}": ${held.hiddenNote ?? 'it is held back for review'}`);
      }
      throw invalid(`unknown tool id "${id}": use gateway__search_tools to find available tools`);
    }
    return tool;
  };

  return {
    tools() {
      const byId = new Map(visible().map((t) => [t.id, t]));
      const pinned: Tool[] = [];
      for (const id of deps.pinned()) {
        const t = byId.get(id);
        // A pinned id equal to a meta tool's name would be unreachable; the meta tool wins.
        if (t !== undefined && !META_NAMES.has(id)) {
          pinned.push({ ...t.definition, name: id });
        }
      }
      return [...META_TOOLS, ...pinned];
    },

    isMetaTool(name) {
      return META_NAMES.has(name);
    },

    search,
    searchRanked,

    async call(name, args, ctx) {
      const a = args ?? {};
      switch (name) {
        case META_TOOL_NAMES.listServers: {
          const servers = deps.servers();
          const lines = servers.map(
            (s) =>
              `${s.name} (${s.state}, ${s.toolCount} tools)${s.description !== undefined ? ` — ${s.description}` : ''}`,
          );
          return text(lines.length > 0 ? lines.join('\n') : 'No servers are configured.');
        }
        case META_TOOL_NAMES.search: {
          const query = a['query'];
          if (typeof query !== 'string' || query.trim().length === 0) {
            throw invalid('"query" is required: describe the task in a few words');
          }
          const limitArg = a['limit'];
          if (
            limitArg !== undefined &&
            (typeof limitArg !== 'number' || !Number.isInteger(limitArg) || limitArg < 1)
          ) {
            throw invalid(`"limit" must be a whole number from 1 to ${MAX_LIMIT}`);
          }
          const server = a['server'];
          if (server !== undefined && typeof server !== 'string') {
            throw invalid('"server" must be a server name from gateway__list_servers');
          }
          const { hits } = await searchRanked(query, {
            limit: Math.min(limitArg ?? DEFAULT_LIMIT, MAX_LIMIT),
            ...(server !== undefined ? { server } : {}),
          });
          if (learnOn()) {
            const key = sessionKey(ctx);
            pending.delete(key);
            pending.set(key, { words: contentWords(query), ids: new Set(hits.map((h) => h.id)) });
            if (pending.size > MAX_PENDING) {
              const oldest = pending.keys().next().value;
              if (oldest !== undefined) {
                pending.delete(oldest);
              }
            }
          }
          if (hits.length === 0) {
            return text(`No tools match "${query}". Try other words, or gateway__list_servers.`);
          }
          return text(answerText(hits, limitArg === undefined));
        }
        case META_TOOL_NAMES.describe: {
          let t = find(a['id']);
          if (deps.wake !== undefined) {
            await deps.wake(t.server, ctx);
            t = find(a['id']);
          }
          const def = { ...t.definition, name: t.id };
          return text(
            JSON.stringify({
              name: def.name,
              description: def.description,
              inputSchema: def.inputSchema,
              outputSchema: def.outputSchema,
            }),
          );
        }
        case META_TOOL_NAMES.call: {
          const t = find(a['id']);
          const last = pending.get(sessionKey(ctx));
          if (last !== undefined && last.ids.has(t.id)) {
            pending.delete(sessionKey(ctx));
            if (learnOn()) {
              learning?.memory.record(last.words, t.id);
            }
          }
          const callArgs = a['arguments'] ?? {};
          if (callArgs === null || typeof callArgs !== 'object' || Array.isArray(callArgs)) {
            throw invalid('"arguments" must be an object of the tool\'s parameters');
          }
          // The backend's result and errors pass through unchanged; ctx carries progress,
          // cancellation and the session that sampling/elicitation must go back to.
          return (await deps.callTool(
            { id: t.id },
            callArgs as Record<string, unknown>,
            ctx,
          )) as CallToolResult;
        }
        default:
          return undefined;
      }
    },
  };
}
