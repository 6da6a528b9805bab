// The tool search's public shapes (createToolSearch in search.ts builds one).
import type { CatalogTool } from '../types.js';

export interface ServerInfo {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  instructions?: string | undefined;
}

export interface ParamInfo {
  name: string;
  type: string;
}

export interface SearchHit {
  /** The exposed tool id to call. */
  id: string;
  server: string;
  name: string;
  /** First sentence of the description, at most one line. */
  summary: string;
  /** Required parameters with their JSON types, enough to call without describing first. */
  required: ParamInfo[];
  /** Why the tool matched, compactly: query words, `word→tool word` when bridged, `used before`. */
  matched: string[];
  score: number;
}

export interface SearchOptions {
  limit?: number;
  /** Only tools of this server. */
  server?: string;
  /** Learned lift per tool id, 0..1 (from searches followed by a call). */
  learned?: ReadonlyMap<string, number>;
  /** False: no word-vector forms for this search (the settings switch); on by default. */
  wordVectors?: boolean;
  /** Semantic similarity per tool id, -1..1 (embeddings), when that ranking is on. */
  semantic?: ReadonlyMap<string, number>;
}

export interface ToolSearch {
  /** Bring the index in line with these tools; only changed tools are re-analysed. */
  sync(tools: readonly CatalogTool[], servers: readonly ServerInfo[]): void;
  search(query: string, options?: SearchOptions): SearchHit[];
  size(): number;
}
