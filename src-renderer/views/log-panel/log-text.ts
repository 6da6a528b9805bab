import type { LogLine } from '../../../src-shared/events.js';

/** The lines containing the search text (any case); all of them when it is empty. */
export function filterLines(lines: LogLine[], q: string): LogLine[] {
  return q === '' ? lines : lines.filter((l) => l.line.toLowerCase().includes(q.toLowerCase()));
}

/** The lines as copied: time, stream and text, one a line. */
export function logsAsText(lines: LogLine[]): string {
  return lines.map((l) => `${new Date(l.at).toISOString()} [${l.stream}] ${l.line}`).join('\n');
}

/** A line cut around the first match of the search text, or undefined when there is none. */
export function matchParts(text: string, q: string): [string, string, string] | undefined {
  if (q === '') {
    return undefined;
  }
  const i = text.toLowerCase().indexOf(q.toLowerCase());
  return i === -1 ? undefined : [text.slice(0, i), text.slice(i, i + q.length), text.slice(i + q.length)];
}

/** The pause button's words: how many lines arrived while paused. */
export function pauseLabel(paused: boolean, hidden: number): string {
  return paused ? `Resume${hidden > 0 ? ` (${hidden} new)` : ''}` : 'Pause';
}
