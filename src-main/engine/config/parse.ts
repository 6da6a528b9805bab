import {
  findNodeAtLocation,
  type Node as JsonNode,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';
import type { z } from 'zod';

import { type GatewayConfig, GatewayConfigSchema } from '../../../src-shared/config.js';
import type { ConfigProblem } from '../types.js';

export type ParseOutcome =
  { ok: true; config: GatewayConfig; raw: Record<string, unknown> } | { ok: false; problem: ConfigProblem };

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** `mcpServers.github.env` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/**
 * A union's own message is only "Invalid input": go into the option that got furthest (the
 * object of `false | {…}` whose field is wrong, not the `false`) and report its problem.
 */
function innermost(issue: z.core.$ZodIssue): { issue: z.core.$ZodIssue; path: PropertyKey[] } {
  let current = issue;
  let path: PropertyKey[] = [...issue.path];
  while (current.code === 'invalid_union') {
    const best = current.errors
      .map((branch) => branch[0])
      .filter((i): i is z.core.$ZodIssue => i !== undefined)
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (best === undefined || best.path.length === 0) {
      break;
    }
    path = [...path, ...best.path];
    current = best;
  }
  return { issue: current, path };
}

function firstZodProblem(text: string, tree: JsonNode | undefined, error: z.ZodError): ConfigProblem {
  const first = error.issues[0];
  if (first === undefined) {
    return { message: 'the config is not valid' };
  }
  const { issue, path: fullPath } = innermost(first);
  const path = fullPath.filter((p): p is string | number => typeof p !== 'symbol');
  const where = formatPath(path);
  // Point at the deepest node that exists, so a missing field still gets a useful line.
  let node: JsonNode | undefined;
  for (let n = path.length; n >= 0 && node === undefined && tree !== undefined; n--) {
    node = findNodeAtLocation(tree, path.slice(0, n));
  }
  const pos = node === undefined ? undefined : lineColumn(text, node.offset);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : '';
  return {
    message: `${where ? where + ': ' : ''}${issue.message}${more}`,
    ...(pos ?? {}),
  };
}

/**
 * Parse and validate config text. Comments and trailing commas are accepted (people annotate
 * their configs); anything else that is not JSON is reported with its line and column.
 */
export function parseConfigText(text: string): ParseOutcome {
  if (text.trim() === '') {
    return { ok: true, config: GatewayConfigSchema.parse({}), raw: {} };
  }
  let raw: unknown;
  // The syntax tree is only needed for comments, trailing commas and the position of an error;
  // plain JSON (most configs) is parsed natively, several times faster at start-up.
  let tree: JsonNode | undefined;
  let treeOf = (): JsonNode | undefined => tree;
  try {
    raw = JSON.parse(text);
    treeOf = () => (tree ??= parseTree(text, [], { allowTrailingComma: true, disallowComments: false }));
  } catch {
    const errors: ParseError[] = [];
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    const err = errors[0];
    if (err !== undefined) {
      const pos = lineColumn(text, err.offset);
      return {
        ok: false,
        problem: {
          message: `not valid JSON: ${describeParseError(printParseErrorCode(err.error))}`,
          ...pos,
        },
      };
    }
    raw = tree === undefined ? {} : nodeValue(tree);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      problem: {
        message: 'the config must be a JSON object like { "mcpServers": { ... } }',
        line: 1,
        column: 1,
      },
    };
  }
  const result = GatewayConfigSchema.safeParse(raw);
  if (!result.success) {
    return { ok: false, problem: firstZodProblem(text, treeOf(), result.error) };
  }
  return { ok: true, config: result.data, raw: raw as Record<string, unknown> };
}

function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k !== undefined && v !== undefined) {
          o[String(k.value)] = nodeValue(v);
        }
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'bad number',
    PropertyNameExpected: 'expected a "quoted" property name',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected ":"',
    CommaExpected: 'expected "," between entries',
    CloseBraceExpected: 'expected "}"',
    CloseBracketExpected: 'expected "]"',
    EndOfFileExpected: 'unexpected text after the end',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfComment: 'a comment is not closed',
    UnexpectedEndOfNumber: 'a number is cut off',
    InvalidUnicode: 'bad unicode escape',
    InvalidEscapeCharacter: 'bad escape character',
    InvalidCharacter: 'invalid character',
  };
  return words[code] ?? code;
}
