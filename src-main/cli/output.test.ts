import { describe, expect, it } from 'vitest';

import { terminalSafe } from './output.js';

describe('terminalSafe', () => {
  it('shows escape sequences as text instead of sending them to the terminal', () => {
    expect(terminalSafe('\u001b[2J\u001b]0;pwned\u0007red')).toBe('\\x1b[2J\\x1b]0;pwned\\x07red');
    expect(terminalSafe('\u001b]8;;https://x\u001b\\link')).toBe('\\x1b]8;;https://x\\x1b\\link');
    expect(terminalSafe('a\rb\u009bd')).toBe('a\\x0db\\x9bd');
  });

  it('leaves ordinary text, tabs and line breaks alone', () => {
    expect(terminalSafe('ok\tdone — naïve ✓\nnext')).toBe('ok\tdone — naïve ✓\nnext');
  });
});
