import { describe, expect, it } from 'vitest';

import { statusText } from './status.js';

const H = { version: '1.2.3', health: 'ok', uptimeMs: 3_600_000, servers: 3, tools: 40, sessions: 1 };

describe('statusText', () => {
  it('gives version, address, health and counts', () => {
    expect(statusText(H as never, 'http://127.0.0.1:7411', undefined)).toBe(
      'MCP Gateway 1.2.3 at http://127.0.0.1:7411 — ok, up 1h 0m, 3 server(s), 40 tool(s) visible, 1 session(s)\n',
    );
  });

  it('adds what sleeps and a config problem with its line', () => {
    const text = statusText(
      { ...H, configProblem: { line: 7, message: 'bad port' } } as never,
      'http://h',
      '1 running · 2 sleeping',
    );
    expect(text.split('\n').slice(1)).toEqual([
      '1 running · 2 sleeping',
      '! config problem at line 7: bad port',
      '',
    ]);
  });
});
