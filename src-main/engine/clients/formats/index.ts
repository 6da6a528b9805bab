import { isDeepStrictEqual } from 'node:util';

import type { ConfigFormat, ContainerKind } from '../types.js';
import { deleteJsonPath, parseJsonText, setJsonPath } from './json.js';
import { UnparseableError } from './text.js';
import { deleteTomlEntry, parseTomlText, setTomlEntry } from './toml.js';
import { deleteYamlEntry, parseYamlText, setYamlEntry } from './yaml.js';

export { UnparseableError } from './text.js';
export type { ParseProblem } from './text.js';

/** Parse a client file's text; throws UnparseableError with line/column. */
export function parseConfigText(format: ConfigFormat, text: string): unknown {
  switch (format) {
    case 'json':
    case 'jsonc':
      return parseJsonText(text);
    case 'yaml':
      return parseYamlText(text);
    case 'toml':
      return parseTomlText(text);
  }
}

export type EntryOp =
  { op: 'set'; name: string; value: Record<string, unknown> } | { op: 'delete'; name: string };

function applyTextOp(
  format: ConfigFormat,
  text: string,
  container: readonly string[],
  kind: ContainerKind,
  op: EntryOp,
): string {
  switch (format) {
    case 'json':
    case 'jsonc':
      if (kind !== 'map') {
        throw new Error('JSON containers are maps');
      }
      return op.op === 'set'
        ? setJsonPath(text, [...container, op.name], op.value)
        : deleteJsonPath(text, [...container, op.name]);
    case 'yaml':
      return op.op === 'set'
        ? setYamlEntry(text, container, kind, op.name, op.value)
        : deleteYamlEntry(text, container, kind, op.name);
    case 'toml':
      return op.op === 'set'
        ? setTomlEntry(text, container, op.name, op.value)
        : deleteTomlEntry(text, container, op.name);
  }
}

/** The servers container inside parsed data, or undefined. */
export function getContainer(data: unknown, path: readonly string[]): unknown {
  let cur = data;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Entries of a container as [name, raw] pairs, whatever its kind. */
export function containerEntries(container: unknown, kind: ContainerKind): Array<[string, unknown]> {
  if (kind === 'list') {
    if (!Array.isArray(container)) {
      return [];
    }
    return container.flatMap((item: unknown): Array<[string, unknown]> => {
      const name =
        item !== null && typeof item === 'object' ? (item as Record<string, unknown>).name : undefined;
      return typeof name === 'string' ? [[name, item]] : [];
    });
  }
  if (container === null || typeof container !== 'object' || Array.isArray(container)) {
    return [];
  }
  return Object.entries(container as Record<string, unknown>);
}

/** The same operation on plain data, to know what the edited text must parse to. */
function applyDataOp(data: unknown, container: readonly string[], kind: ContainerKind, op: EntryOp): unknown {
  const root = (data === null || typeof data !== 'object' ? {} : structuredClone(data)) as Record<
    string,
    unknown
  >;
  let cur: Record<string, unknown> = root;
  for (let i = 0; i < container.length; i++) {
    const k = container[i] as string;
    const last = i === container.length - 1;
    const next = cur[k];
    const shape = last && kind === 'list' ? 'a list' : 'a table of settings';
    const fits =
      last && kind === 'list'
        ? Array.isArray(next)
        : next !== null && typeof next === 'object' && !Array.isArray(next);
    if (next !== undefined && next !== null && !fits) {
      // Never replace a value of the wrong kind: it may hold the user's data in a shape we do not know.
      throw new Error(
        `"${container.slice(0, i + 1).join('.')}" is not ${shape}; fix it by hand, then try again`,
      );
    }
    if (last && kind === 'list') {
      const list = Array.isArray(next) ? next : [];
      const idx = list.findIndex(
        (it: unknown) =>
          it !== null && typeof it === 'object' && (it as Record<string, unknown>).name === op.name,
      );
      if (op.op === 'set') {
        if (idx >= 0) {
          list[idx] = op.value;
        } else {
          list.push(op.value);
        }
        cur[k] = list;
      } else if (idx >= 0) {
        list.splice(idx, 1);
      }
      return root;
    }
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      if (op.op === 'delete') {
        return root;
      }
      cur[k] = {};
    }
    cur = cur[k] as Record<string, unknown>;
  }
  if (op.op === 'set') {
    cur[op.name] = op.value;
  } else {
    delete cur[op.name];
  }
  return root;
}

/** Normalise parsed data so values from different parsers compare (dates, bigints, key order). */
function normal(value: unknown): unknown {
  if (value instanceof Date) {
    return `date:${value.toISOString?.() ?? String(value)}`;
  }
  if (typeof value === 'bigint') {
    return `bigint:${value}`;
  }
  if (Array.isArray(value)) {
    return value.map(normal);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      out[k] = normal((value as Record<string, unknown>)[k]);
    }
    return out;
  }
  return value;
}

/**
 * Apply entry operations to a file's text, then prove the result: it must parse, and parse to
 * exactly the original data with those operations applied. Anything else is refused, so a
 * formatting quirk can never turn into a lost or altered setting.
 */
export function editConfigText(
  format: ConfigFormat,
  text: string,
  container: readonly string[],
  kind: ContainerKind,
  ops: readonly EntryOp[],
): string {
  let data = parseConfigText(format, text);
  let out = text;
  for (const op of ops) {
    // The data step first: it refuses containers of the wrong kind before any text is touched.
    data = applyDataOp(data, container, kind, op);
    out = applyTextOp(format, out, container, kind, op);
  }
  let reparsed: unknown;
  try {
    reparsed = parseConfigText(format, out);
  } catch (e) {
    const msg = e instanceof UnparseableError ? e.message : String(e);
    throw new Error(`editing the file would make it unreadable (${msg}); nothing was written`);
  }
  if (!isDeepStrictEqual(normal(reparsed), normal(data))) {
    throw new Error('editing the file would change settings other than the MCP entries; nothing was written');
  }
  return out;
}
