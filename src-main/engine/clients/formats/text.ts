/** Text facts shared by the format editors: line endings, indentation, positions. */

export interface TextStyle {
  /** `\r\n` when the file uses it, else `\n`. */
  eol: string;
  /** One level of indentation: a tab or N spaces. */
  unit: string;
}

export function detectEol(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > 0 && crlf >= lf ? '\r\n' : '\n';
}

/** The smallest indentation step used in the file (tabs win when lines start with tabs). */
export function detectIndentUnit(text: string, fallback = '  '): string {
  let tabs = 0;
  let min = Infinity;
  for (const line of text.split(/\r?\n/)) {
    const m = /^([ \t]+)\S/.exec(line);
    if (m?.[1] === undefined) {
      continue;
    }
    if (m[1].startsWith('\t')) {
      tabs++;
    } else if (!m[1].includes('\t')) {
      min = Math.min(min, m[1].length);
    }
  }
  if (tabs > 0 && min === Infinity) {
    return '\t';
  }
  return min === Infinity ? fallback : ' '.repeat(Math.min(min, 8));
}

export function detectStyle(text: string): TextStyle {
  return { eol: detectEol(text), unit: detectIndentUnit(text) };
}

/** 1-based line and column of a character offset (the config parser's, so both report alike). */
export { lineColumn } from '../../config/index.js';

export interface ParseProblem {
  message: string;
  line?: number;
  column?: number;
}

/** A problem that stops a file from being read or written. */
export class UnparseableError extends Error {
  readonly problem: ParseProblem;
  constructor(problem: ParseProblem) {
    super(problem.message);
    this.name = 'UnparseableError';
    this.problem = problem;
  }
}

export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

/** Apply non-overlapping edits (any order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  }
  return out;
}
