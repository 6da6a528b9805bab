// Meta mode's public shapes (createMetaToolset in meta.ts builds one).
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';

import type { ServerState } from '../../../src-shared/states.js';
import type { CallContext, CatalogApi, CatalogTool } from '../types.js';
import type { SearchMemory } from './learned.js';
import type { SearchHit } from './search-types.js';
import type { SemanticRanker } from './semantic-types.js';
import type { WordVectors } from './word-vectors.js';

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
  /**
   * The word vectors the search ranks with (default: the process's shared copy); `enabled` is
   * read on every search (the settings switch).
   */
  wordVectors?: { enabled: () => boolean; vectors?: WordVectors };
}

/** Whether a search used semantic ranking, and if not, why (off, computing vectors, endpoint failed). */
export interface SemanticUse {
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
