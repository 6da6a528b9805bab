import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

import {
  applyTextEdits,
  detectStyle,
  lineColumn,
  type TextEdit,
  type TextStyle,
  UnparseableError,
} from './text.js';

/**
 * Minimal, surgical edits of JSON/JSONC text. jsonc-parser's own `modify` re-formats the lines
 * around an edit (sibling entries get reflowed); here only the bytes of the entry that changes
 * are touched, so comments, spacing and key order of everything else stay byte-identical.
 */

export function parseJsonText(text: string): unknown {
  if (text.trim() === '') {
    return {};
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined) {
    const pos = lineColumn(text, first.offset);
    throw new UnparseableError({
      message: `${printParseErrorCode(first.error)} at line ${pos.line}, column ${pos.column}`,
      ...pos,
    });
  }
  return tree === undefined ? {} : nodeValue(tree);
}

function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k !== undefined && v !== undefined) {
          // Later duplicates win, as in JSON.parse.
          Object.defineProperty(out, String(k.value), {
            value: nodeValue(v),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n') {
    i--;
  }
  return i;
}

function indentOf(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** True when only whitespace precedes `offset` on its line. */
function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/**
 * After a value ending at `end`: optional comma, optional same-line comment, then a line break.
 * Returns where the line break ends and whether a comma was there; undefined when something else
 * (another value, a closing brace) follows on the same line.
 */
function restOfLine(
  text: string,
  end: number,
): { lineEnd: number; afterEol: number; comma: number | undefined } | undefined {
  const m = /^([ \t]*)(,?)([ \t]*)(\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/)?[ \t]*(\r?\n|$)/.exec(text.slice(end));
  if (m === null) {
    return undefined;
  }
  const eol = m[5] ?? '';
  const lineEnd = end + m[0].length - eol.length;
  return {
    lineEnd,
    afterEol: end + m[0].length,
    comma: m[2] === ',' ? end + (m[1]?.length ?? 0) : undefined,
  };
}

function serialize(value: unknown, indent: string, style: TextStyle): string {
  const json = JSON.stringify(value, null, style.unit);
  return json.split('\n').join(style.eol + indent);
}

function propText(key: string, value: unknown, indent: string, style: TextStyle): string {
  return `${JSON.stringify(key)}: ${serialize(value, indent, style)}`;
}

/** The object to create for the missing part of a path. */
function nest(path: readonly string[], value: unknown): unknown {
  let v = value;
  for (let i = path.length - 1; i >= 0; i--) {
    v = { [path[i] as string]: v };
  }
  return v;
}

function findProp(obj: JsonNode, key: string): JsonNode | undefined {
  // The last duplicate is the one that counts.
  const props = (obj.children ?? []).filter((p) => p.children?.[0]?.value === key);
  return props[props.length - 1];
}

function insertProp(text: string, obj: JsonNode, key: string, value: unknown, style: TextStyle): TextEdit[] {
  const props = obj.children ?? [];
  const last = props[props.length - 1];
  if (last !== undefined) {
    const lastEnd = last.offset + last.length;
    if (!startsLine(text, last.offset)) {
      // A one-line object stays on one line.
      return [{ offset: lastEnd, length: 0, content: `, ${JSON.stringify(key)}: ${JSON.stringify(value)}` }];
    }
    const indent = indentOf(text, last.offset);
    const rest = restOfLine(text, lastEnd);
    if (rest !== undefined && rest.afterEol > rest.lineEnd) {
      // Own line after the last entry (and after its comment); keep a trailing comma style.
      const prop = propText(key, value, indent, style);
      if (rest.comma !== undefined) {
        return [{ offset: rest.afterEol, length: 0, content: `${indent}${prop},${style.eol}` }];
      }
      return [
        { offset: lastEnd, length: 0, content: ',' },
        { offset: rest.afterEol, length: 0, content: `${indent}${prop}${style.eol}` },
      ];
    }
    return [
      { offset: lastEnd, length: 0, content: `,${style.eol}${indent}${propText(key, value, indent, style)}` },
    ];
  }
  const objIndent = indentOf(text, obj.offset);
  const childIndent = objIndent + style.unit;
  const inner = text.slice(obj.offset + 1, obj.offset + obj.length - 1);
  const prop = propText(key, value, childIndent, style);
  if (inner.trim() === '') {
    return [
      {
        offset: obj.offset + 1,
        length: inner.length,
        content: `${style.eol}${childIndent}${prop}${style.eol}${objIndent}`,
      },
    ];
  }
  // Only comments inside: put the entry first, keep the comments after it.
  return [{ offset: obj.offset + 1, length: 0, content: `${style.eol}${childIndent}${prop}` }];
}

/** Set `path` (creating missing objects) to `value`. */
export function setJsonPath(text: string, path: readonly string[], value: unknown): string {
  const style = detectStyle(text);
  const tree = text.trim() === '' ? undefined : parseTree(text, [], { allowTrailingComma: true });
  if (tree === undefined) {
    // Empty, or only comments: keep what is there and start the object below it.
    const lead = text.trim() === '' ? '' : text.endsWith('\n') ? text : text + style.eol;
    return `${lead}${serialize(nest(path, value), '', style)}${style.eol}`;
  }
  if (tree.type !== 'object') {
    throw new UnparseableError({ message: 'the file does not hold a JSON object at its top level' });
  }
  let node = tree;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    const prop = findProp(node, key);
    const rest = path.slice(i + 1);
    if (prop === undefined) {
      return applyTextEdits(text, insertProp(text, node, key, nest(rest, value), style));
    }
    const valueNode = prop.children?.[1];
    if (valueNode === undefined) {
      throw new UnparseableError({ message: `"${key}" has no value` });
    }
    if (i === path.length - 1 || valueNode.type !== 'object') {
      const content = startsLine(text, prop.offset)
        ? serialize(nest(rest, value), indentOf(text, prop.offset), style)
        : JSON.stringify(nest(rest, value));
      return applyTextEdits(text, [{ offset: valueNode.offset, length: valueNode.length, content }]);
    }
    node = valueNode;
  }
  return text;
}

/** Remove the property at `path`; unchanged text when it is not there. */
export function deleteJsonPath(text: string, path: readonly string[]): string {
  const tree = text.trim() === '' ? undefined : parseTree(text, [], { allowTrailingComma: true });
  if (tree === undefined || path.length === 0) {
    return text;
  }
  let obj: JsonNode = tree;
  for (const key of path.slice(0, -1)) {
    const v = findProp(obj, key)?.children?.[1];
    if (v?.type !== 'object') {
      return text;
    }
    obj = v;
  }
  const key = path[path.length - 1] as string;
  const props = obj.children ?? [];
  const idx = props.findIndex((p) => p === findProp(obj, key));
  const prop = props[idx];
  if (prop === undefined) {
    return text;
  }
  const start = prop.offset;
  const end = prop.offset + prop.length;
  const prev = props[idx - 1];
  const next = props[idx + 1];
  const rest = restOfLine(text, end);
  if (
    startsLine(text, start) &&
    rest !== undefined &&
    (next === undefined || startsLine(text, next.offset))
  ) {
    // Whole lines: the entry and its same-line comment go, neighbours keep their bytes.
    const edits: TextEdit[] = [
      { offset: lineStartOf(text, start), length: rest.afterEol - lineStartOf(text, start), content: '' },
    ];
    if (next === undefined && rest.comma === undefined && prev !== undefined) {
      // The previous entry's comma would now be trailing: strict JSON readers reject that.
      const comma =
        restOfLine(text, prev.offset + prev.length)?.comma ?? findCommaAfter(text, prev.offset + prev.length);
      if (comma !== undefined) {
        edits.push({ offset: comma, length: 1, content: '' });
      }
    }
    return applyTextEdits(text, edits);
  }
  if (prev !== undefined) {
    return applyTextEdits(text, [
      { offset: prev.offset + prev.length, length: end - (prev.offset + prev.length), content: '' },
    ]);
  }
  if (next !== undefined) {
    return applyTextEdits(text, [{ offset: start, length: next.offset - start, content: '' }]);
  }
  const comma = findCommaAfter(text, end);
  return applyTextEdits(text, [
    { offset: start, length: (comma === undefined ? end : comma + 1) - start, content: '' },
  ]);
}

/** The next comma after `from`, skipping whitespace and comments; undefined if something else comes first. */
function findCommaAfter(text: string, from: number): number | undefined {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ',') {
      return i;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
    } else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else {
      return undefined;
    }
  }
  return undefined;
}
