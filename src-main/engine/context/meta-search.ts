import type { CatalogTool } from '../types.js';
import type { MetaDeps, SemanticUse } from './meta-types.js';
import { contentWords, createToolSearch } from './search.js';
import type { SearchHit, ServerInfo } from './search-types.js';

/**
 * Meta mode's search over the visible tools: the index synced with the catalog before each
 * search, learned lifts when learning is on, word vectors unless switched off, and semantic
 * similarity fused when it can be used.
 */
export interface MetaSearch {
  visible(): CatalogTool[];
  learnOn(): boolean;
  search(query: string, options?: { limit?: number; server?: string }): SearchHit[];
  searchRanked(
    query: string,
    options?: { limit?: number; server?: string },
  ): Promise<{ hits: SearchHit[]; semantic: SemanticUse }>;
}

export function createMetaSearch(deps: MetaDeps): MetaSearch {
  const vectors = deps.wordVectors?.vectors;
  const index = createToolSearch(vectors !== undefined ? { wordVectors: vectors } : {});
  const vectorsOn = (): boolean => deps.wordVectors?.enabled() ?? true;
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
      wordVectors: vectorsOn(),
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
      wordVectors: vectorsOn(),
      ...(learned !== undefined && learned.size > 0 ? { learned } : {}),
      ...(scores !== undefined ? { semantic: scores } : {}),
    });
    return {
      hits,
      semantic:
        scores !== undefined ? { used: true } : { used: false, ...(reason !== undefined ? { reason } : {}) },
    };
  };
  return { visible, learnOn, search, searchRanked };
}
