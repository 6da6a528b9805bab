/**
 * Reading unified diffs (as the `diff` package writes them for client config previews) line by
 * line, so a view can colour them. Pure: no DOM, no Node.
 */

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'meta' | 'same';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/** The lines of a unified diff without its file header (shown once, above the lines). */
export function diffLines(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let inHunk = false;
  for (const text of diff.replace(/\n$/, '').split('\n')) {
    if (text.startsWith('@@')) {
      inHunk = true;
      out.push({ kind: 'hunk', text });
    } else if (!inHunk) {
      // "Index:", "====", "--- a", "+++ b": the path is already in the header.
      continue;
    } else if (text.startsWith('+')) {
      out.push({ kind: 'add', text });
    } else if (text.startsWith('-')) {
      out.push({ kind: 'del', text });
    } else if (text.startsWith('\\')) {
      out.push({ kind: 'meta', text });
    } else {
      out.push({ kind: 'same', text });
    }
  }
  return out;
}
