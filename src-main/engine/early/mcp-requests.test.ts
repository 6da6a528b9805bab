import { describe, expect, it } from 'vitest';

import { acceptsJsonAndSse, isRequestId, isServerScope, mcpScopeKey, mcpUrlTarget } from './mcp-requests.js';

describe('MCP request rules', () => {
  it('take a string or an integer as a request id, as the SDK does', () => {
    expect(isRequestId('a')).toBe(true);
    expect(isRequestId(7)).toBe(true);
    expect(isRequestId(-1)).toBe(true);
    expect(isRequestId(1.5)).toBe(false);
    expect(isRequestId(Number.NaN)).toBe(false);
    expect(isRequestId(null)).toBe(false);
    expect(isRequestId(undefined)).toBe(false);
  });

  it('need both JSON and SSE in Accept', () => {
    expect(acceptsJsonAndSse('application/json, text/event-stream')).toBe(true);
    expect(acceptsJsonAndSse('text/event-stream;q=1, application/json')).toBe(true);
    expect(acceptsJsonAndSse('application/json')).toBe(false);
    expect(acceptsJsonAndSse('text/event-stream')).toBe(false);
    expect(acceptsJsonAndSse(undefined)).toBe(false);
  });

  it('give /mcp the meta view when asked or by mode', () => {
    expect(mcpScopeKey(false, 'all')).toBe('*');
    expect(mcpScopeKey(true, 'all')).toBe('meta');
    expect(mcpScopeKey(false, 'meta')).toBe('meta');
  });

  it('keep the scope keys * and meta from naming a server', () => {
    expect(isServerScope('fs')).toBe(true);
    expect(isServerScope('*')).toBe(false);
    expect(isServerScope('meta')).toBe(false);
  });

  it('read what an MCP URL addresses', () => {
    expect(mcpUrlTarget('/mcp')).toEqual({ server: undefined, askedMeta: false });
    expect(mcpUrlTarget('/mcp?mode=meta')).toEqual({ server: undefined, askedMeta: true });
    expect(mcpUrlTarget('/mcp?x=1&mode=meta')).toEqual({ server: undefined, askedMeta: true });
    expect(mcpUrlTarget('/mcp?mode=all')).toEqual({ server: undefined, askedMeta: false });
    expect(mcpUrlTarget('/mcp/fs')).toEqual({ server: 'fs' });
    expect(mcpUrlTarget('/mcp/a%20b?x=1')).toEqual({ server: 'a b' });
    expect(mcpUrlTarget('/mcp/fs/extra')).toBeUndefined();
    expect(mcpUrlTarget('/mcp/%E0%A4%A')).toBeUndefined();
    expect(mcpUrlTarget('/mcpx')).toBeUndefined();
    expect(mcpUrlTarget('/api/v1/servers')).toBeUndefined();
  });
});
