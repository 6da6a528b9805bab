import { describe, expect, it } from 'vitest';

import { createdText, when } from './tokens.js';

describe('tokens output', () => {
  it('shows a date and time in UTC, or never', () => {
    expect(when(Date.UTC(2026, 11, 6, 21, 5, 9))).toBe('2026-12-06 21:05:09');
    expect(when(undefined)).toBe('never');
  });

  it('shows a new token once, with the header its client sends', () => {
    const text = createdText({ token: 'mcpgw_abc', info: { name: 'cursor', profile: 'web' } });
    expect(
      text.startsWith(
        'mcpgw_abc\n\nThis is the only time the token is shown. Give it to "cursor" (profile "web")',
      ),
    ).toBe(true);
    expect(text).toContain('\n  Authorization: Bearer mcpgw_abc\n');
    expect(text.endsWith('write a token into a client it knows.\n')).toBe(true);
  });
});
