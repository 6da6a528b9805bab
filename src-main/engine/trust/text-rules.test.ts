import { describe, expect, it } from 'vitest';

import type { Finding } from '../../../src-shared/api/trust.js';
import type { ScanRule } from './rules.js';
import { bySeverity, compile, matchAll, visibleText } from './text-rules.js';

const RULES: ScanRule[] = [
  { id: 'secret', kind: 'text', severity: 'high', message: 'm', pattern: 'ssh', flags: 'gi' },
  { id: 'b64', kind: 'text', severity: 'medium', message: 'm', pattern: '[A-Za-z0-9]{8,}', check: 'base64' },
  { id: 'p', kind: 'param-name', severity: 'low', message: 'm', pattern: 'sidenote' },
  { id: 'len', kind: 'length', severity: 'low', message: 'm', factor: 3, minChars: 10 },
] as ScanRule[];

describe('text rules', () => {
  it('compiles the text and parameter-name rules only, each global once', () => {
    const c = compile(RULES);
    expect(c.map((x) => x.rule.id)).toEqual(['secret', 'b64', 'p']);
    expect(c[0]?.re.flags).toBe('gi');
  });

  it('finds every match with its place, and base64 only where letters of both cases and digits mix', () => {
    const [secret, b64] = compile(RULES);
    const out: Finding[] = [];
    if (secret === undefined || b64 === undefined) {
      throw new Error('rules did not compile');
    }
    matchAll(secret, { field: 'description', text: 'read SSH keys and ssh' }, out);
    matchAll(b64, { field: 'description', text: 'abcdefghij QmFzZTY0ZW5j' }, out);
    expect(out.map((f) => [f.rule, f.start, f.end, f.text])).toEqual([
      ['secret', 5, 8, 'SSH'],
      ['secret', 18, 21, 'ssh'],
      ['b64', 11, 23, 'QmFzZTY0ZW5j'],
    ]);
  });

  it('writes invisible characters out and shortens long texts', () => {
    expect(visibleText('a\u200Bb')).toBe('a\\u{200B}b');
    expect(visibleText('x'.repeat(300))).toHaveLength(201);
  });

  it('orders findings most severe first, then by field and place', () => {
    const f = (severity: Finding['severity'], field: string, start: number) =>
      ({ rule: 'r', severity, message: '', field, start, end: start, text: '' }) as Finding;
    const sorted = [f('low', 'a', 0), f('high', 'b', 5), f('high', 'b', 1), f('high', 'a', 9)].sort(
      bySeverity,
    );
    expect(sorted.map((x) => `${x.severity}:${x.field}:${x.start}`)).toEqual([
      'high:a:9',
      'high:b:1',
      'high:b:5',
      'low:a:0',
    ]);
  });
});
