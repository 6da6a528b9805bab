/**
 * The catalog: merged tools, resources, templates and prompts of every server, routing back to
 * the owning server, and the persisted lists of sleeping servers. The engine spawns servers
 * before it loads the MCP SDK, so the catalog itself (which needs the SDK) is loaded with
 * {@link loadCatalog}; the list cache is needed earlier and stays a plain export.
 */
export type { Catalog, CatalogDeps } from './catalog.js';
export type { ClientRequestMethod, InputChannel } from './client-requests.js';
export type { ForwardContext } from './forwarding.js';
export type { Scope, ScopeProfile } from './scope.js';
export type { SessionPeer } from './sessions.js';
export type { ListChange } from './changes.js';
export {
  type CachedLists,
  type ListCache,
  LIST_CACHE_DIR,
  createListCache,
  listCacheKey,
} from './list-cache.js';
export type { SelectTools, SelectedTool, Selection, SelectionSettings, ServerTools } from './select.js';
export { type ListKind, anyResult, fetchAll, hasList } from './wire.js';
export {
  checkParamHeaders,
  type ParamHeader,
  paramHeadersOf,
  paramHeaderValues,
} from './mcp-param-headers.js';

/** Loads the catalog's implementation (and with it the MCP SDK's client). */
export const loadCatalog = () => import('./catalog.js');
