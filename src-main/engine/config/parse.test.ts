import { describe, expect, it } from 'vitest';

import { MAX_TIMER_MS } from '../../../src-shared/config.js';
import { parseConfigText } from './parse.js';

describe('config durations', () => {
  it('refuses a timeout a timer cannot wait (it would fire at once), naming the field and its line', () => {
    const text = `{\n  "gateway": {\n    "limits": { "maxCallMs": ${MAX_TIMER_MS + 1} }\n  }\n}\n`;
    const out = parseConfigText(text);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.problem.message).toContain('gateway.limits.maxCallMs');
      expect(out.problem.message).toContain('at most 2147483647 ms');
      expect(out.problem.line).toBe(3);
    }
  });

  it('takes the longest allowed value, and 0 where 0 means never', () => {
    const out = parseConfigText(
      JSON.stringify({
        gateway: { limits: { maxCallMs: MAX_TIMER_MS }, sleepAfterMs: 0 },
        mcpServers: { a: { command: 'x', timeout: MAX_TIMER_MS, sleepAfterMs: 0 } },
      }),
    );
    expect(out.ok).toBe(true);
  });

  it('refuses a per-server timeout above the limit too', () => {
    const out = parseConfigText(JSON.stringify({ mcpServers: { a: { command: 'x', timeout: 1e12 } } }));
    expect(out.ok).toBe(false);
  });
});
