// Each benchmark owns one section of docs/BENCHMARKS.md and rewrites only that one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the section that starts with the line `heading` (up to the next `## ` heading) with
 * `section`, or appends it; every other section of the file stays as it was.
 */
export function replaceDocsSection(file, heading, section) {
  let text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures printed by the benchmarks in `bench/`. None of them is a pass/fail test.\n';
  const start = text.indexOf(`${heading}\n`);
  if (start === -1) {
    text = text.replace(/\n*$/, '\n\n') + section;
  } else {
    const nextHeading = text.slice(start + heading.length).search(/\n## /);
    const end = nextHeading === -1 ? text.length : start + heading.length + nextHeading + 1;
    text = text.slice(0, start) + section + (end < text.length ? '\n' + text.slice(end) : '');
  }
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
