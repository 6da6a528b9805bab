import { diffLines } from 'diff';

/**
 * Two texts as rows of a side-by-side view: unchanged lines on both sides, a removed block next
 * to the block that replaced it, lone additions and removals against an empty cell. Pure.
 */
export type SideKind = 'same' | 'change' | 'del' | 'add';

export interface SideRow {
  kind: SideKind;
  /** Line of the old text (absent on an added row). */
  left?: string;
  /** Line of the new text (absent on a removed row). */
  right?: string;
}

function lines(value: string): string[] {
  const out = value.split('\n');
  if (out[out.length - 1] === '') {
    out.pop();
  }
  return out;
}

export function sideBySide(before: string, after: string): SideRow[] {
  const rows: SideRow[] = [];
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === undefined) {
      continue;
    }
    if (!p.added && !p.removed) {
      for (const l of lines(p.value)) {
        rows.push({ kind: 'same', left: l, right: l });
      }
      continue;
    }
    const next = parts[i + 1];
    if (p.removed && next?.added === true) {
      const del = lines(p.value);
      const add = lines(next.value);
      for (let j = 0; j < Math.max(del.length, add.length); j++) {
        const left = del[j];
        const right = add[j];
        if (left !== undefined && right !== undefined) {
          rows.push({ kind: 'change', left, right });
        } else if (left !== undefined) {
          rows.push({ kind: 'del', left });
        } else if (right !== undefined) {
          rows.push({ kind: 'add', right });
        }
      }
      i += 1;
      continue;
    }
    for (const l of lines(p.value)) {
      rows.push(p.removed ? { kind: 'del', left: l } : { kind: 'add', right: l });
    }
  }
  return rows;
}
