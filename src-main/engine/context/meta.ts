import type { Tool } from '@modelcontextprotocol/client';

import { serversText, text } from './meta-answer.js';
import { callTool, describeTool, type MetaCallParts, searchTools } from './meta-calls.js';
import { META_NAMES, META_TOOL_NAMES, META_TOOLS } from './meta-definitions.js';
import { createPendingSearches } from './meta-pending.js';
import { createMetaSearch } from './meta-search.js';
import type { MetaDeps, MetaToolset } from './meta-types.js';

/**
 * Meta mode: instead of every tool, clients see four small tools to list servers, search tools,
 * describe one and call one — plus any pinned tools. The whole meta surface stays under 500
 * tokens however many tools the servers offer.
 *
 * The definitions are in meta-definitions.ts, the search over the visible tools in
 * meta-search.ts, the tools that take arguments in meta-calls.ts, their answers in
 * meta-answer.ts and the searches waiting for a call (learning) in meta-pending.ts.
 */

export { META_PREFIX, META_TOOL_NAMES, META_TOOLS } from './meta-definitions.js';
export type { MetaDeps, MetaServer, MetaToolset } from './meta-types.js';

export function createMetaToolset(deps: MetaDeps): MetaToolset {
  const search = createMetaSearch(deps);
  const parts: MetaCallParts = { deps, search, pending: createPendingSearches() };
  return {
    tools() {
      const byId = new Map(search.visible().map((t) => [t.id, t]));
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
    isMetaTool: (name) => META_NAMES.has(name),
    search: search.search,
    searchRanked: search.searchRanked,
    async call(name, args, ctx) {
      const a = args ?? {};
      switch (name) {
        case META_TOOL_NAMES.listServers:
          return text(serversText(deps.servers()));
        case META_TOOL_NAMES.search:
          return searchTools(parts, a, ctx);
        case META_TOOL_NAMES.describe:
          return describeTool(parts, a, ctx);
        case META_TOOL_NAMES.call:
          return callTool(parts, a, ctx);
        default:
          return undefined;
      }
    },
  };
}
