import { describe, expect, it } from 'vitest';

import { GatewayConfigSchema } from '../../../src-shared/config.js';
import type { Catalog } from '../catalog/index.js';
import { type ClientIdentity, compileProfile } from '../identity/index.js';
import type { MetaTools } from './handlers.js';
import { type Limits, limitsOf } from './limits.js';
import { createScopes, scopeLabel } from './scopes.js';

const SERVERS = new Set(['fs', 'git', 'a b']);
const catalog = { hasServer: (name: string) => SERVERS.has(name) } as unknown as Catalog;
const gatewayMeta = { tools: () => [] } as unknown as MetaTools;

function setup(mode: 'all' | 'meta' = 'all') {
  const limits: Limits = { ...limitsOf(GatewayConfigSchema.parse({ mcpServers: {} })), mode };
  const asked: string[] = [];
  const scopes = createScopes({
    catalog,
    limits,
    metaFor: (profile) => {
      asked.push(profile.name);
      return gatewayMeta;
    },
  });
  return { scopes, limits, asked };
}

const anyone: ClientIdentity = {
  tokenId: undefined,
  name: undefined,
  profile: compileProfile('default', {}),
};
const fsOnly: ClientIdentity = {
  tokenId: 't1',
  name: 'editor',
  profile: compileProfile('files', { servers: ['fs'], mode: 'meta' }),
};

describe('scopes', () => {
  it('resolves /mcp, /mcp?mode=meta and /mcp/<server> as the routes do', () => {
    const { scopes } = setup();
    expect(scopes.scopeOfUrl('/mcp', anyone)).toBe('*');
    expect(scopes.scopeOfUrl('/mcp?mode=meta', anyone)).toBe('meta');
    expect(scopes.scopeOfUrl('/mcp?x=1&mode=meta', anyone)).toBe('meta');
    expect(scopes.scopeOfUrl('/mcp/fs', anyone)).toBe('fs');
    expect(scopes.scopeOfUrl('/mcp/a%20b?x=1', anyone)).toBe('a b');
  });

  it('declines what is not an MCP URL, an unknown server and a server outside the profile alike', () => {
    const { scopes } = setup();
    expect(scopes.scopeOfUrl('/mcp/fs/extra', anyone)).toBeUndefined();
    expect(scopes.scopeOfUrl('/mcp/%E0%A4%A', anyone)).toBeUndefined();
    expect(scopes.scopeOfUrl('/mcp/nope', anyone)).toBeUndefined();
    expect(scopes.scopeOfUrl('/mcp/git', fsOnly)).toBeUndefined();
    expect(scopes.scopeOfUrl('/api/v1/servers', anyone)).toBeUndefined();
    // The scope keys of /mcp are never server names.
    expect(scopes.serverInScope('*', anyone)).toBe(false);
    expect(scopes.serverInScope('meta', anyone)).toBe(false);
  });

  it('serves meta tools on /mcp by the profile’s mode, else by the gateway’s, read live', () => {
    const { scopes, limits } = setup();
    expect(scopes.mcpScopeKey(false, fsOnly)).toBe('meta');
    expect(scopes.mcpScopeKey(false, anyone)).toBe('*');
    limits.mode = 'meta';
    expect(scopes.mcpScopeKey(false, anyone)).toBe('meta');
  });

  it('gives meta tools only to the meta scope, and narrows every scope to a limited profile', () => {
    const { scopes, asked } = setup();
    expect(scopes.scopeOf('*', anyone)).toEqual({ scope: { profile: undefined }, meta: undefined });
    expect(scopes.scopeOf('fs', fsOnly)).toEqual({
      scope: { server: 'fs', profile: fsOnly.profile },
      meta: undefined,
    });
    expect(scopes.scopeOf('meta', fsOnly)).toEqual({ scope: { profile: fsOnly.profile }, meta: gatewayMeta });
    expect(asked).toEqual(['files']);
  });

  it('labels a scope with the URL a client connected to', () => {
    expect(scopeLabel('*')).toBe('/mcp');
    expect(scopeLabel('meta')).toBe('/mcp?mode=meta');
    expect(scopeLabel('fs')).toBe('/mcp/fs');
  });
});
