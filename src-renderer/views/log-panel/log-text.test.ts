import { describe, expect, it } from 'vitest';

import type { LogLine } from '../../../src-shared/events.js';
import { filterLines, logsAsText, matchParts, pauseLabel } from './log-text.js';

const line = (seq: number, text: string, stream: LogLine['stream'] = 'stderr') =>
  ({ seq, at: Date.UTC(2026, 0, 2, 3, 4, 5), stream, line: text }) as LogLine;

describe('log text', () => {
  const lines = [line(1, 'Server started'), line(2, 'ERROR: lost connection'), line(3, 'retrying', 'stdout')];

  it('filters lines by text in any case', () => {
    expect(filterLines(lines, '')).toBe(lines);
    expect(filterLines(lines, 'error').map((l) => l.seq)).toEqual([2]);
  });

  it('copies lines with their time and stream', () => {
    expect(logsAsText(lines.slice(2))).toBe('2026-01-02T03:04:05.000Z [stdout] retrying');
  });

  it('cuts a line around the first match', () => {
    expect(matchParts('Lost and lost', 'LOST')).toEqual(['', 'Lost', ' and lost']);
    expect(matchParts('abc', 'x')).toBeUndefined();
    expect(matchParts('abc', '')).toBeUndefined();
  });

  it('counts lines that arrived while paused', () => {
    expect(pauseLabel(false, 3)).toBe('Pause');
    expect(pauseLabel(true, 0)).toBe('Resume');
    expect(pauseLabel(true, 3)).toBe('Resume (3 new)');
  });
});
