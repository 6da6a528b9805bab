import { describe, expect, it } from 'vitest';

import { callRow, sessionRow } from './activity.js';

const AT = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('callRow', () => {
  it("names the client with its profile unless default, and the call's outcome", () => {
    const base = {
      at: AT,
      server: 's',
      tool: 't',
      client: 'cursor',
      durationMs: 12.6,
      ok: true,
      isError: false,
    };
    expect(callRow(base as never)).toEqual(['03:04:05', 's', 't', 'cursor', 13, 'ok']);
    expect(callRow({ ...base, profile: 'default', isError: true } as never).slice(3)).toEqual([
      'cursor',
      13,
      'tool error',
    ]);
    expect(callRow({ ...base, profile: 'web', ok: false, error: 'timeout' } as never).slice(3)).toEqual([
      'cursor (web)',
      13,
      'failed: timeout',
    ]);
  });
});

describe('sessionRow', () => {
  it('shows the token owner and profile, the app, and when it opened and was last seen', () => {
    const s = {
      client: 'cursor',
      clientName: 'Cursor',
      clientVersion: '1.0',
      transport: 'http',
      scope: '/mcp',
      openedAt: AT,
      lastSeenAt: AT,
    };
    expect(sessionRow(s as never)).toEqual([
      'cursor (default)',
      'Cursor 1.0',
      'http',
      '/mcp',
      '03:04:05',
      '03:04:05',
    ]);
    expect(sessionRow({ ...s, client: undefined, clientVersion: undefined } as never).slice(0, 2)).toEqual([
      '-',
      'Cursor',
    ]);
  });
});
