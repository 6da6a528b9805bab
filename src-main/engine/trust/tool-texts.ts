import type { Tool } from '@modelcontextprotocol/client';

/** One text a model reads, and where it sits in the definition. */
export interface Text {
  field: string;
  text: string;
}

/** Bounds: a hostile listing must not make the scan slow or its answer large. */
const MAX_TEXTS = 2_000;
const MAX_DEPTH = 24;

/** The name, title, description and every schema title/description of a tool, with their paths. */
export function toolTexts(tool: Tool): Text[] {
  const out: Text[] = [{ field: 'name', text: tool.name }];
  const push = (field: string, v: unknown) => {
    if (typeof v === 'string' && v.length > 0 && out.length < MAX_TEXTS) {
      out.push({ field, text: v });
    }
  };
  push('title', tool.title);
  push('description', tool.description);
  push('annotations.title', (tool.annotations as { title?: unknown } | undefined)?.title);
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH || out.length >= MAX_TEXTS || node === null || typeof node !== 'object') {
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'description' || k === 'title') && typeof v === 'string') {
        push(`${path}.${k}`, v);
      } else if (typeof v === 'object') {
        walk(v, `${path}.${k}`, depth + 1);
      }
    }
  };
  walk(tool.inputSchema, 'inputSchema', 0);
  walk(tool.outputSchema, 'outputSchema', 0);
  return out;
}

/** Property names of the input schema at any depth, with their paths. */
export function paramNames(tool: Tool): Text[] {
  const out: Text[] = [];
  const walk = (schema: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH || out.length >= MAX_TEXTS || schema === null || typeof schema !== 'object') {
      return;
    }
    const props = (schema as { properties?: unknown }).properties;
    if (props !== null && typeof props === 'object' && !Array.isArray(props)) {
      for (const [k, v] of Object.entries(props)) {
        out.push({ field: `${path}.properties.${k}`, text: k });
        walk(v, `${path}.properties.${k}`, depth + 1);
      }
    }
    const items = (schema as { items?: unknown }).items;
    if (items !== undefined) {
      walk(items, `${path}.items`, depth + 1);
    }
  };
  walk(tool.inputSchema, 'inputSchema', 0);
  return out;
}
