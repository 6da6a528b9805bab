import { describe, expect, it } from 'vitest';

import { logLineText, reconnectDelayMs } from './logs.js';

describe('logLineText', () => {
  it('shows the time, the stream unless stderr, and the line with control characters made visible', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(logLineText({ seq: 1, at, server: 's', stream: 'stderr', line: 'ready' })).toBe(
      '03:04:05 ready\n',
    );
    expect(logLineText({ seq: 2, at, server: 's', stream: 'stdout', line: '\u001b[2Jboo' })).toBe(
      '03:04:05 [stdout] \\x1b[2Jboo\n',
    );
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 250 ms and stops at 5 s', () => {
    expect([1, 2, 3, 4, 5, 20].map(reconnectDelayMs)).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });
});
