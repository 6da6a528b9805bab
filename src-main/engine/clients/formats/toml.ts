import * as TomlPatch from '@decimalturn/toml-patch';
import { parse as parseStrict, TomlError } from 'smol-toml';

import { errorText } from '../../../../src-shared/values.js';
import { detectStyle, UnparseableError } from './text.js';

/**
 * TOML edits. A new entry is appended as its own `[table]` at the end of the file (always valid:
 * root keys come before tables), which leaves every existing byte in place. Replacing or removing
 * an entry goes through toml-patch, which keeps comments and formatting and moves a table's own
 * comments with it.
 */

export function parseTomlText(text: string): unknown {
  try {
    return parseStrict(text);
  } catch (e) {
    if (e instanceof TomlError) {
      throw new UnparseableError({
        message: e.message.split('\n')[0] ?? e.message,
        line: e.line,
        column: e.column,
      });
    }
    throw new UnparseableError({ message: errorText(e) });
  }
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key);
}

/** A TOML value on one line: strings, numbers, booleans, arrays and inline tables. */
export function tomlInline(value: unknown): string {
  if (typeof value === 'string') {
    // JSON string escapes are valid TOML basic-string escapes; DEL must be escaped in TOML.
    return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(tomlInline).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${tomlKey(k)} = ${tomlInline(v)}`);
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  throw new Error(`cannot write ${String(value)} as TOML`);
}

function getIn(data: unknown, path: readonly string[]): unknown {
  let cur = data;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** toml-patch's own model of the document (its date classes), edited at `path`. */
function patched(text: string, path: readonly string[], name: string, value: unknown): string {
  const data = TomlPatch.parse(text) as Record<string, unknown>;
  let cur: Record<string, unknown> = data;
  for (const k of path) {
    const next = cur[k];
    if (next === null || typeof next !== 'object') {
      cur[k] = {};
    }
    cur = cur[k] as Record<string, unknown>;
  }
  if (value === undefined) {
    delete cur[name];
  } else {
    cur[name] = value;
  }
  return TomlPatch.patch(text, data);
}

export function setTomlEntry(
  text: string,
  path: readonly string[],
  name: string,
  value: Record<string, unknown>,
): string {
  const existing = getIn(parseTomlText(text), [...path, name]);
  if (existing === undefined) {
    const { eol } = detectStyle(text);
    const header = `[${[...path, name].map(tomlKey).join('.')}]`;
    const body = Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${tomlKey(k)} = ${tomlInline(v)}`);
    const lead = text === '' ? '' : text.endsWith('\n') ? (text.trim() === '' ? '' : eol) : eol + eol;
    const appended = `${text}${lead}${[header, ...body].join(eol)}${eol}`;
    try {
      parseStrict(appended);
      return appended;
    } catch {
      // e.g. `mcp_servers = { ... }` as an inline table cannot be extended by a header.
      return patched(text, path, name, value);
    }
  }
  return patched(text, path, name, value);
}

export function deleteTomlEntry(text: string, path: readonly string[], name: string): string {
  if (getIn(parseTomlText(text), [...path, name]) === undefined) {
    return text;
  }
  return patched(text, path, name, undefined);
}
