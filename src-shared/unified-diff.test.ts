import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';

import { diffLines } from './unified-diff.js';

describe('diffLines', () => {
  it('drops the file header and classifies hunk, added, removed and context lines', () => {
    const patch = createTwoFilesPatch(
      '/home/me/.cursor/mcp.json',
      '/home/me/.cursor/mcp.json',
      '{\n  "a": 1\n}\n',
      '{\n  "b": 2\n}\n',
      'current',
      'with the gateway',
    );
    const lines = diffLines(patch);
    expect(lines.map((l) => l.kind)).toEqual(['hunk', 'same', 'del', 'add', 'same']);
    expect(lines.find((l) => l.kind === 'del')?.text).toBe('-  "a": 1');
    expect(lines.some((l) => l.text.includes('mcp.json'))).toBe(false);
  });

  it('keeps "no newline" markers as notes, and a line starting with --- inside a hunk as removed', () => {
    const patch = createTwoFilesPatch('f', 'f', '--- x\nend\n', '+++ y\nend\n', '', '');
    const kinds = diffLines(patch).map((l) => `${l.kind}:${l.text}`);
    expect(kinds).toContain('del:---- x');
    expect(kinds).toContain('add:++++ y');
    expect(kinds.filter((k) => k.startsWith('meta:'))).toHaveLength(0);
    expect(diffLines(createTwoFilesPatch('f', 'f', 'a', 'b', '', '')).some((l) => l.kind === 'meta')).toBe(
      true,
    );
  });

  it('is empty for an unchanged file', () => {
    expect(diffLines('')).toEqual([]);
  });
});
