import { Document, isMap, isScalar, isSeq, type Node as YamlNode, type Pair, parseDocument } from 'yaml';

import type { ContainerKind } from '../types.js';
import { applyTextEdits, detectStyle, type TextStyle, UnparseableError } from './text.js';

/**
 * YAML edits. Block-style maps and lists (what people and apps write) are edited by splicing
 * the lines of the one entry that changes, so the rest of the file keeps its exact bytes. Other
 * shapes (flow collections, a container that is empty) go through the `yaml` Document API,
 * which keeps comments and key order but may normalise spacing; the manager verifies either
 * result by parsing it again.
 */

export function parseYamlText(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = err.linePos?.[0];
    throw new UnparseableError({
      message: err.message.split('\n')[0] ?? err.message,
      ...(pos === undefined ? {} : { line: pos.line, column: pos.col }),
    });
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  return data ?? {};
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n') {
    i--;
  }
  return i;
}

/** Just past the line break of the line holding the last non-blank character before `end`. */
function endOfLastLine(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1] as string)) {
    i--;
  }
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}

/** Block text for `value` placed at `indent`, as `key:` map entry or `- ` list item. */
function blockText(value: unknown, style: TextStyle, indent: string): string {
  const doc = new Document(value);
  const width = style.unit === '\t' ? 2 : style.unit.length;
  const out = doc.toString({ indent: width, lineWidth: 0, indentSeq: true });
  const lines = out.replace(/\n$/, '').split('\n');
  return lines.map((l) => indent + l).join(style.eol) + style.eol;
}

interface Located {
  /** Start of the first line of the entry. */
  start: number;
  /** Just past the line break after the entry. */
  end: number;
  /** The text before the key (map) or before `- ` (list) on its line. */
  indent: string;
}

function locateMapPair(text: string, pair: Pair): Located | undefined {
  const key = pair.key as YamlNode | null;
  const value = pair.value as YamlNode | null;
  if (key?.range === undefined || key.range === null) {
    return undefined;
  }
  const start = lineStartOf(text, key.range[0]);
  const indent = text.slice(start, key.range[0]);
  if (!/^[ \t]*$/.test(indent)) {
    return undefined;
  }
  const last = value?.range?.[1] ?? key.range[1];
  return { start, end: endOfLastLine(text, last), indent };
}

function locateSeqItem(text: string, item: YamlNode): Located | undefined {
  if (item.range === undefined || item.range === null) {
    return undefined;
  }
  const start = lineStartOf(text, item.range[0]);
  const m = /^([ \t]*)-[ \t]+$/.exec(text.slice(start, item.range[0]));
  if (m === null) {
    return undefined;
  }
  return { start, end: endOfLastLine(text, item.range[1]), indent: m[1] ?? '' };
}

function itemName(item: unknown): unknown {
  return isMap(item) ? item.get('name') : undefined;
}

/**
 * Set (add or replace) entry `name` in the container at `path`. Falls back to the Document API
 * when the text cannot be spliced safely.
 */
export function setYamlEntry(
  text: string,
  path: readonly string[],
  kind: ContainerKind,
  name: string,
  value: unknown,
): string {
  const style = detectStyle(text);
  const doc = parseDocument(text, { uniqueKeys: false });
  const container = doc.getIn(path, true);
  if (
    container === undefined &&
    path.length === 1 &&
    (doc.contents === null || (isMap(doc.contents) && !doc.contents.flow))
  ) {
    // Missing top-level key: append a new block at the end of the file.
    const block = blockText({ [path[0] as string]: kind === 'map' ? { [name]: value } : [value] }, style, '');
    const sep = text === '' || text.endsWith('\n') ? '' : style.eol;
    return text + sep + block;
  }
  if (kind === 'map' && isMap(container) && !container.flow && container.items.length > 0) {
    const pairs = container.items;
    const idx = pairs.findIndex((p) => isScalar(p.key) && p.key.value === name);
    const at = idx >= 0 ? pairs[idx] : pairs[pairs.length - 1];
    const loc = at === undefined ? undefined : locateMapPair(text, at);
    if (loc !== undefined) {
      const block = blockText({ [name]: value }, style, loc.indent);
      return idx >= 0
        ? applyTextEdits(text, [{ offset: loc.start, length: loc.end - loc.start, content: block }])
        : applyTextEdits(text, [
            {
              offset: loc.end,
              length: 0,
              content: (loc.end === text.length && !text.endsWith('\n') ? style.eol : '') + block,
            },
          ]);
    }
  }
  if (kind === 'list' && isSeq(container) && !container.flow && container.items.length > 0) {
    const items = container.items as YamlNode[];
    const idx = items.findIndex((it) => itemName(it) === name);
    const at = idx >= 0 ? items[idx] : items[items.length - 1];
    const loc = at === undefined ? undefined : locateSeqItem(text, at);
    if (loc !== undefined) {
      const block = blockText([value], style, loc.indent);
      return idx >= 0
        ? applyTextEdits(text, [{ offset: loc.start, length: loc.end - loc.start, content: block }])
        : applyTextEdits(text, [
            {
              offset: loc.end,
              length: 0,
              content: (loc.end === text.length && !text.endsWith('\n') ? style.eol : '') + block,
            },
          ]);
    }
  }
  const filled = fillEmptyContainer(text, doc, path, container, kind, name, value, style);
  if (filled !== undefined) {
    return filled;
  }
  return viaDocument(doc, style, (d) => {
    const c = d.getIn(path, true);
    if (kind === 'list') {
      if (!isSeq(c)) {
        d.setIn(path, d.createNode([value]));
        return;
      }
      const idx = c.items.findIndex((it) => itemName(it) === name);
      if (idx >= 0) {
        c.set(idx, d.createNode(value));
      } else {
        c.add(d.createNode(value));
      }
    } else if (!isMap(c)) {
      d.setIn(path, d.createNode({ [name]: value }));
    } else {
      c.set(name, d.createNode(value));
    }
  });
}

/** Remove entry `name` from the container at `path`; unchanged text when it is absent. */
export function deleteYamlEntry(
  text: string,
  path: readonly string[],
  kind: ContainerKind,
  name: string,
): string {
  const style = detectStyle(text);
  const doc = parseDocument(text, { uniqueKeys: false });
  const container = doc.getIn(path, true);
  if (kind === 'map' && isMap(container)) {
    const pair = container.items.find((p) => isScalar(p.key) && p.key.value === name);
    if (pair === undefined) {
      return text;
    }
    const loc = container.flow || container.items.length < 2 ? undefined : locateMapPair(text, pair);
    if (loc !== undefined) {
      return applyTextEdits(text, [{ offset: loc.start, length: loc.end - loc.start, content: '' }]);
    }
  } else if (kind === 'list' && isSeq(container)) {
    const item = (container.items as YamlNode[]).find((it) => itemName(it) === name);
    if (item === undefined) {
      return text;
    }
    const loc = container.flow || container.items.length < 2 ? undefined : locateSeqItem(text, item);
    if (loc !== undefined) {
      return applyTextEdits(text, [{ offset: loc.start, length: loc.end - loc.start, content: '' }]);
    }
  } else {
    return text;
  }
  const emptied = emptyContainer(text, doc, path, container, kind);
  if (emptied !== undefined) {
    return emptied;
  }
  return viaDocument(doc, style, (d) => {
    const c = d.getIn(path, true);
    if (isMap(c)) {
      c.delete(name);
    } else if (isSeq(c)) {
      const idx = c.items.findIndex((it) => itemName(it) === name);
      if (idx >= 0) {
        c.delete(idx);
      }
    }
  });
}

/**
 * Removing the last entry of a block container: `key:` + entry lines become `key: {}` (or `[]`),
 * so the rest of the file keeps its bytes. Undefined when comments sit in between.
 */
function emptyContainer(
  text: string,
  doc: Document,
  path: readonly string[],
  container: unknown,
  kind: ContainerKind,
): string | undefined {
  if ((!isMap(container) && !isSeq(container)) || container.flow || container.items.length !== 1) {
    return undefined;
  }
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) {
    return undefined;
  }
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
  const keyEnd = (pair?.key as YamlNode | undefined)?.range?.[1];
  const only = container.items[0];
  const loc = isMap(container) ? locateMapPair(text, only as Pair) : locateSeqItem(text, only as YamlNode);
  if (
    keyEnd === undefined ||
    loc === undefined ||
    !/^:[ \t]*\r?\n[ \t]*$/.test(text.slice(keyEnd, loc.start))
  ) {
    return undefined;
  }
  const eol = text.slice(keyEnd, loc.start).includes('\r\n') ? '\r\n' : '\n';
  return text.slice(0, keyEnd) + (kind === 'list' ? ': []' : ': {}') + eol + text.slice(loc.end);
}

/** `key: {}` / `key: []` / `key:` (empty) gets its first entry as a block below the key. */
function fillEmptyContainer(
  text: string,
  doc: Document,
  path: readonly string[],
  container: unknown,
  kind: ContainerKind,
  name: string,
  value: unknown,
  style: TextStyle,
): string | undefined {
  const empty =
    container === null ||
    (isScalar(container) && container.value === null) ||
    ((isMap(container) || isSeq(container)) && container.flow === true && container.items.length === 0);
  if (!empty) {
    return undefined;
  }
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent) || parent.flow) {
    return undefined;
  }
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
  const key = pair?.key as YamlNode | undefined;
  if (key?.range === undefined || key.range === null) {
    return undefined;
  }
  const lineStart = lineStartOf(text, key.range[0]);
  const indent = text.slice(lineStart, key.range[0]);
  const m = /^:[ \t]*(\{[ \t]*\}|\[[ \t]*\]|null|~)?[ \t]*(\r?\n|$)/.exec(text.slice(key.range[1]));
  if (m === null || !/^[ \t]*$/.test(indent)) {
    return undefined;
  }
  const childIndent = indent + (style.unit === '\t' ? '  ' : style.unit);
  const block = blockText(kind === 'list' ? [value] : { [name]: value }, style, childIndent);
  const eol = m[2] === '' ? style.eol : (m[2] ?? style.eol);
  return text.slice(0, key.range[1]) + ':' + eol + block + text.slice(key.range[1] + m[0].length);
}

function viaDocument(doc: Document, style: TextStyle, edit: (d: Document) => void): string {
  edit(doc);
  const width = style.unit === '\t' ? 2 : style.unit.length;
  const out = doc.toString({ indent: width, lineWidth: 0 });
  return style.eol === '\r\n' ? out.replace(/\r?\n/g, '\r\n') : out;
}
