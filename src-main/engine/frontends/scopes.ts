import type { Catalog, Scope } from '../catalog/index.js';
import { isServerScope, mcpScopeKey as mcpScopeKeyOf, mcpUrlTarget } from '../early/index.js';
import type { ClientIdentity, ProfileView } from '../identity/index.js';
import type { MetaTools } from './handlers.js';
import type { Limits } from './limits.js';

/**
 * What the MCP URLs address. A scope key names it: `*` for `/mcp` (every server, names
 * prefixed), `meta` for the meta tools on `/mcp`, else the one server of `/mcp/<server>`.
 */
export interface Scopes {
  /** What a client sees under a scope key: its scope in the catalog, and the meta tools for `meta`. */
  scopeOf(scopeKey: string, client: ClientIdentity): { scope: Scope; meta: MetaTools | undefined };
  /** `/mcp` is the meta view when asked (`?mode=meta`), or by the profile's or the gateway's mode. */
  mcpScopeKey(askedMeta: boolean, client: ClientIdentity): string;
  /** Whether a client may address `/mcp/<server>` (unknown and out-of-profile servers look the same). */
  serverInScope(server: string, client: ClientIdentity): boolean;
  /** The scope a URL addresses for a client, as the routes resolve it (undefined: not an MCP URL). */
  scopeOfUrl(url: string, client: ClientIdentity): string | undefined;
}

export function createScopes(deps: {
  catalog: Catalog;
  limits: Limits;
  metaFor: (profile: ProfileView) => MetaTools;
}): Scopes {
  const { catalog, limits, metaFor } = deps;

  function mcpScopeKey(askedMeta: boolean, client: ClientIdentity): string {
    return mcpScopeKeyOf(askedMeta, client.profile.mode ?? limits.mode);
  }

  function serverInScope(server: string, client: ClientIdentity): boolean {
    return isServerScope(server) && catalog.hasServer(server) && client.profile.allowsServer(server);
  }

  return {
    scopeOf(scopeKey, client) {
      const profile = client.profile.all ? undefined : client.profile;
      if (scopeKey === '*') {
        return { scope: { profile }, meta: undefined };
      }
      if (scopeKey === 'meta') {
        return { scope: { profile }, meta: metaFor(client.profile) };
      }
      return { scope: { server: scopeKey, profile }, meta: undefined };
    },
    mcpScopeKey,
    serverInScope,
    scopeOfUrl(url, client) {
      const target = mcpUrlTarget(url);
      if (target === undefined) {
        return undefined;
      }
      if (target.server === undefined) {
        return mcpScopeKey(target.askedMeta, client);
      }
      return serverInScope(target.server, client) ? target.server : undefined;
    },
  };
}

/** How the dashboard names a scope: the URL a client connected to. */
export function scopeLabel(scopeKey: string): string {
  return scopeKey === '*' ? '/mcp' : scopeKey === 'meta' ? '/mcp?mode=meta' : `/mcp/${scopeKey}`;
}
