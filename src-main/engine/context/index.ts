/**
 * Context budget: what tool definitions cost in model context, and which of them clients see.
 * The catalog calls {@link selectTools} whenever a listing or the config changes.
 */
export {
  capText,
  compactTool,
  MAX_SCHEMA_DESCRIPTION,
  MAX_TOOL_DESCRIPTION,
  repeatsName,
  tidyText,
} from './compact.js';
export { selectTools } from './select.js';
export type { GlobalControls, HiddenReason, SelectedTool, Selection, ServerTools } from './select.js';
export { countTextTokens, countToolTokens, tokenCacheSize, toolContextJson } from './tokens.js';
export { createMetaToolset, META_PREFIX, META_TOOL_NAMES, META_TOOLS } from './meta.js';
export type { MetaDeps, MetaServer, MetaToolset } from './meta.js';
export { contentWords, createToolSearch, oneLine, requiredParams, splitWords, stem } from './search.js';
export { createSearchMemory } from './learned.js';
export type { SearchMemory, SearchMemoryOptions } from './learned.js';
export type { ParamInfo, SearchHit, SearchOptions, ServerInfo, ToolSearch } from './search.js';
export { createSemanticRanker, toolText } from './semantic.js';
export {
  createWordVectors,
  defaultWordVectorsFile,
  onSharedWordVectorsError,
  sharedWordVectors,
} from './word-vectors.js';
export type { WordVectors } from './word-vectors.js';
export type { SemanticRanker, SemanticStatus, SemanticTestResult } from './semantic.js';
export { contextReport, previewContext, proposedConfig } from './report.js';
