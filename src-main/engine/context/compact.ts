import type { Tool } from '@modelcontextprotocol/client';

/**
 * Compaction: shorter tool definitions with the same meaning. Human text is touched —
 * `description` of the tool and of schema nodes — and a root `$schema` naming draft-07 or
 * 2020-12 is dropped when the schema uses no keyword whose meaning differs between the two, so
 * the schema means the same whichever dialect a client assumes (MCP's default is 2020-12).
 * Everything else a validator reads (structure, types, required, enums, patterns, formats,
 * defaults, bounds, `$ref`s) is copied untouched, so a compacted tool accepts exactly the inputs
 * the original accepts.
 */

/** Tool descriptions longer than this are cut at a word boundary with an ellipsis. */
export const MAX_TOOL_DESCRIPTION = 600;
/** Schema (parameter) descriptions longer than this are cut the same way. */
export const MAX_SCHEMA_DESCRIPTION = 200;

/** Keywords whose value is one schema. */
const SCHEMA_KEYS = new Set([
  'additionalProperties',
  'additionalItems',
  'unevaluatedItems',
  'unevaluatedProperties',
  'items',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
]);
/** Keywords whose value is an array of schemas. */
const SCHEMA_ARRAY_KEYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);

/** Collapse runs of spaces, trailing blanks and repeated blank lines; trim the ends. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cut to at most `max` characters (ellipsis included), preferring a word boundary. */
export function capText(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const room = max - 1;
  let cut = text.slice(0, room);
  const space = cut.search(/\s\S*$/);
  // Only back off to a word boundary when that keeps most of the text.
  if (space > room * 0.7) {
    cut = cut.slice(0, space);
  }
  return `${cut.replace(/[\s,;:.-]+$/, '')}…`;
}

function words(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Whether a description says nothing beyond the property's name: "path" for `path`, "The file
 * path." for `filePath`, "Query" for `query`.
 */
export function repeatsName(description: string, name: string): boolean {
  const d = words(description).replace(/^(the|a|an)\s+/, '');
  const n = words(name);
  return d.length === 0 || d === n;
}

function compactSchema(node: unknown, propertyName: string | undefined): unknown {
  if (Array.isArray(node) || node === null || typeof node !== 'object') {
    // Boolean schemas and anything unexpected pass through unchanged.
    return node;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'description' && typeof value === 'string') {
      const text = tidyText(value);
      if (text.length === 0 || (propertyName !== undefined && repeatsName(text, propertyName))) {
        continue;
      }
      out[key] = capText(text, MAX_SCHEMA_DESCRIPTION);
    } else if (
      SCHEMA_MAP_KEYS.has(key) &&
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      const map: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(value as Record<string, unknown>)) {
        map[name] = compactSchema(sub, key === 'properties' ? name : undefined);
      }
      out[key] = map;
    } else if (SCHEMA_ARRAY_KEYS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => compactSchema(sub, undefined));
    } else if (SCHEMA_KEYS.has(key)) {
      out[key] = compactSchema(value, undefined);
    } else {
      // enum, const, default, examples, required, pattern, type, $ref, ...: byte-for-byte the same.
      out[key] = value;
    }
  }
  return out;
}

const DROPPABLE_DIALECTS = new Set([
  'http://json-schema.org/draft-07/schema#',
  'http://json-schema.org/draft-07/schema',
  'https://json-schema.org/draft/2020-12/schema',
]);
/** Keywords that mean different things (or nothing) in draft-07 and 2020-12. */
const DIALECT_SENSITIVE = new Set([
  'additionalItems',
  'prefixItems',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  '$recursiveRef',
  '$recursiveAnchor',
  '$dynamicRef',
  '$dynamicAnchor',
  'unevaluatedItems',
  'unevaluatedProperties',
  'id',
]);

/** Whether any node uses a dialect-sensitive keyword (or array-form `items`). */
function dialectSensitive(node: unknown): boolean {
  if (Array.isArray(node)) {
    return node.some(dialectSensitive);
  }
  if (node === null || typeof node !== 'object') {
    return false;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (DIALECT_SENSITIVE.has(key) || (key === 'items' && Array.isArray(value))) {
      return true;
    }
    if (dialectSensitive(value)) {
      return true;
    }
  }
  return false;
}

function compactRoot(schema: Record<string, unknown>): Record<string, unknown> {
  const out = compactSchema(schema, undefined) as Record<string, unknown>;
  const dialect = out['$schema'];
  // Walking the whole schema looks at property names too, which errs on the side of keeping it.
  if (typeof dialect === 'string' && DROPPABLE_DIALECTS.has(dialect) && !dialectSensitive(schema)) {
    delete out['$schema'];
  }
  return out;
}

/** A compacted copy of `tool`; the original is not modified. */
export function compactTool(tool: Tool): Tool {
  const out: Tool = {
    ...tool,
    inputSchema: compactRoot(tool.inputSchema) as Tool['inputSchema'],
  };
  if (tool.outputSchema !== undefined) {
    out.outputSchema = compactRoot(tool.outputSchema) as Tool['outputSchema'];
  }
  if (tool.description !== undefined) {
    const text = tidyText(tool.description);
    if (text.length === 0 || repeatsName(text, tool.name)) {
      delete out.description;
    } else {
      out.description = capText(text, MAX_TOOL_DESCRIPTION);
    }
  }
  return out;
}
