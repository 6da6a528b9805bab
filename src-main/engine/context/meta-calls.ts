import type { CallToolResult } from '@modelcontextprotocol/client';

import type { CallContext, CatalogTool } from '../types.js';
import { answerText, invalid, text } from './meta-answer.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './meta-definitions.js';
import type { PendingSearches } from './meta-pending.js';
import type { MetaSearch } from './meta-search.js';
import type { MetaDeps } from './meta-types.js';
import { contentWords } from './search.js';

/** The meta tools that take arguments: search_tools, describe_tool and call_tool. */

type Args = Record<string, unknown>;

export interface MetaCallParts {
  deps: MetaDeps;
  search: MetaSearch;
  pending: PendingSearches;
}

/** A visible tool by id, or an error that says what to do (a held-back tool says why). */
function find(p: MetaCallParts, id: unknown): CatalogTool {
  if (typeof id !== 'string' || id.length === 0) {
    throw invalid('"id" is required: pass a tool id from gateway__search_tools');
  }
  const tool = p.search.visible().find((t) => t.id === id);
  if (tool === undefined) {
    const held = p.deps.listTools().find((t) => t.id === id && t.hiddenReason === 'held-back');
    if (held !== undefined) {
      throw invalid(`unknown tool id "${id}": ${held.hiddenNote ?? 'it is held back for review'}`);
    }
    throw invalid(`unknown tool id "${id}": use gateway__search_tools to find available tools`);
  }
  return tool;
}

export async function searchTools(p: MetaCallParts, a: Args, ctx: CallContext): Promise<CallToolResult> {
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
  const { hits } = await p.search.searchRanked(query, {
    limit: Math.min(limitArg ?? DEFAULT_LIMIT, MAX_LIMIT),
    ...(server !== undefined ? { server } : {}),
  });
  if (p.search.learnOn()) {
    p.pending.remember(ctx, contentWords(query), hits);
  }
  if (hits.length === 0) {
    return text(`No tools match "${query}". Try other words, or gateway__list_servers.`);
  }
  return text(answerText(hits, limitArg === undefined));
}

export async function describeTool(p: MetaCallParts, a: Args, ctx: CallContext): Promise<CallToolResult> {
  let t = find(p, a['id']);
  if (p.deps.wake !== undefined) {
    await p.deps.wake(t.server, ctx);
    t = find(p, a['id']);
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

export async function callTool(p: MetaCallParts, a: Args, ctx: CallContext): Promise<CallToolResult> {
  const t = find(p, a['id']);
  const words = p.pending.takeFor(ctx, t.id);
  if (words !== undefined && p.search.learnOn()) {
    p.deps.learning?.memory.record(words, t.id);
  }
  const callArgs = a['arguments'] ?? {};
  if (callArgs === null || typeof callArgs !== 'object' || Array.isArray(callArgs)) {
    throw invalid('"arguments" must be an object of the tool\'s parameters');
  }
  // The backend's result and errors pass through unchanged; ctx carries progress,
  // cancellation and the session that sampling/elicitation must go back to.
  return (await p.deps.callTool({ id: t.id }, callArgs as Record<string, unknown>, ctx)) as CallToolResult;
}
