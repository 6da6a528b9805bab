/**
 * Pieces the context tests share: tools as the catalog lists them, a search index built over
 * them, the meta tools' dependencies, embeddings settings for the fake endpoint, and the
 * clean-up of a semantic context. Each test keeps its own tool names and descriptions.
 */
import type { Tool } from '@modelcontextprotocol/client';

import type { MetaDeps } from '../../src-main/engine/context/meta-types.js';
import {
  createSearchIndex,
  rebuildIndex,
  type SearchIndex,
  syncIndex,
} from '../../src-main/engine/context/search-index.js';
import type { ServerInfo } from '../../src-main/engine/context/search-types.js';
import type { SemanticContext } from '../../src-main/engine/context/semantic-state.js';
import type { CatalogTool } from '../../src-main/engine/types.js';
import type { EmbeddingsSettings } from '../../src-shared/config.js';

/** `definition` as the catalog lists it for `server`: `server__name`, visible, no token count. */
export function catalogTool(server: string, definition: Tool, extra: Partial<CatalogTool> = {}): CatalogTool {
  return {
    id: `${server}__${definition.name}`,
    server,
    name: definition.name,
    definition,
    tokens: 0,
    visible: true,
    hiddenReason: undefined,
    ...extra,
  };
}

/**
 * A listed tool with a name, a description and no parameters (`extra` adds to or replaces parts
 * of its definition: a title, annotations, an input schema).
 */
export function ct(
  server: string,
  name: string,
  description: string,
  extra: Partial<Tool> = {},
): CatalogTool {
  return catalogTool(server, {
    name,
    description,
    inputSchema: { type: 'object', properties: {} },
    ...extra,
  });
}

/** A search index over `tools` (and the servers' own words), built and ready to query. */
export function builtIndex(tools: readonly CatalogTool[], servers: readonly ServerInfo[] = []): SearchIndex {
  const index = createSearchIndex();
  syncIndex(index, tools, servers);
  rebuildIndex(index);
  return index;
}

/** The meta tools' dependencies over `tools`: no servers, nothing pinned, calls answer nothing. */
export function metaDeps(tools: CatalogTool[], extra: Partial<MetaDeps> = {}): MetaDeps {
  return {
    listTools: () => tools,
    callTool: () => Promise.resolve({ content: [] }),
    servers: () => [],
    pinned: () => [],
    ...extra,
  };
}

/** Settings for an embeddings endpoint at `url` (the fake one's model), turned on. */
export function embeddingsSettings(url: string, extra: Partial<EmbeddingsSettings> = {}): EmbeddingsSettings {
  return { enabled: true, url, model: 'fake-embed', queryTimeoutMs: 1_000, batchTimeoutMs: 5_000, ...extra };
}

/** Ends what a semantic context may still have running after a test: its request, its retry timer. */
export function closeSemanticContext(ctx: SemanticContext): void {
  ctx.closed = true;
  ctx.abort?.abort();
  clearTimeout(ctx.retryTimer);
}
