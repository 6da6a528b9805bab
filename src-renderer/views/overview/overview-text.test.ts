import { describe, expect, it } from 'vitest';

import { clientSnippets, countStates, healthBadge, serversHint, wherePart } from './overview-text.js';

describe('overview text', () => {
  it('gives each client a snippet with the token placeholder, or none when client tokens are off', () => {
    const withAuth = clientSnippets('http://127.0.0.1:7411/mcp');
    expect(withAuth.map((s) => s.id)).toEqual(['json', 'claude-code', 'claude-desktop']);
    expect(JSON.parse(withAuth[0]?.text ?? '')).toEqual({
      mcpServers: {
        gateway: {
          url: 'http://127.0.0.1:7411/mcp',
          headers: { Authorization: 'Bearer <client token from Clients → Client tokens>' },
        },
      },
    });
    expect(withAuth[1]?.text).toContain('--header "Authorization: Bearer');
    expect(withAuth[2]?.text).toContain('--token-file');
    const open = clientSnippets('http://127.0.0.1:7411/mcp', false);
    expect(open[1]?.text).toBe('claude mcp add --transport http gateway http://127.0.0.1:7411/mcp');
    expect(open.some((s) => s.text.includes('token') || s.note.includes('token'))).toBe(false);
  });

  it('words the health badge', () => {
    expect(healthBadge('ok')).toEqual({ state: 'running', label: 'Healthy' });
    expect(healthBadge('failed')).toEqual({ state: 'error', label: 'Something failed' });
    expect(healthBadge('degraded')).toEqual({ state: 'degraded', label: 'Degraded' });
    expect(healthBadge('paused')).toEqual({ state: 'stopped', label: 'Paused' });
    expect(healthBadge('empty')).toEqual({ state: 'stopped', label: 'No servers running' });
  });

  it('counts servers by state and sums up running, sleeping and failing', () => {
    const c = countStates(['running', 'running', 'sleeping', 'error', 'restarting']);
    expect(c.running).toBe(2);
    expect(c.stopped).toBe(0);
    expect(serversHint(c)).toBe('2 running · 1 sleeping · 2 failing');
    expect(serversHint(countStates(['running']))).toBe('1 running');
  });

  it('says where in the config file the problem is', () => {
    expect(wherePart(undefined, 3)).toBe('');
    expect(wherePart(3, undefined)).toBe(' (line 3)');
    expect(wherePart(3, 7)).toBe(' (line 3, column 7)');
  });
});
