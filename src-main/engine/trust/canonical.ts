import { createHash } from 'node:crypto';

import type { Tool } from '@modelcontextprotocol/client';

import type { DefinitionText } from '../../../src-shared/api/trust.js';

/** The parts of a tool that reach the model or decide what a call does: all of them are pinned. */
const PINNED_KEYS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

/** The definition reduced to the pinned keys (absent keys stay absent). */
export function pinnedDefinition(tool: Tool): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of PINNED_KEYS) {
    const v = (tool as Record<string, unknown>)[k];
    if (v !== undefined) {
      out[k] = v;
    }
  }
  return out;
}

/** JSON with object keys sorted at every depth, so the same definition always hashes the same. */
function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) {
        out[k] = sortKeys(v);
      }
    }
    return out;
  }
  return value;
}

/** sha256 (hex) of the canonical whole definition: name, title, description, schemas, annotations. */
export function definitionHash(tool: Tool | Record<string, unknown>): string {
  return createHash('sha256')
    .update(canonicalJson(pinnedDefinition(tool as Tool)))
    .digest('hex');
}

/**
 * Definition hashes, memoised per tool object (a listing's tools are kept as received). Shared by
 * tool trust and the list cache: the cache saves the hashes of what it stores and seeds them when
 * it reads a listing back, so a restart with many cached servers does not hash every tool again.
 * The cache file is as private as the pin file (same folder, mode 0600).
 */
export interface DefinitionHashes {
  of(tool: Tool): string;
  /** Remember a hash computed earlier for this (freshly read) tool object. */
  seed(tool: Tool, hash: string): void;
}

export function createDefinitionHashes(): DefinitionHashes {
  const memo = new WeakMap<Tool, string>();
  return {
    of(tool) {
      let h = memo.get(tool);
      if (h === undefined) {
        h = definitionHash(tool);
        memo.set(tool, h);
      }
      return h;
    },
    seed(tool, hash) {
      memo.set(tool, hash);
    },
  };
}

/** The hash of everything but the name and title: equal for a tool that was only renamed. */
export function bodyHash(tool: Tool | Record<string, unknown>): string {
  const { name: _name, title: _title, ...rest } = pinnedDefinition(tool as Tool);
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** What the review screen shows side by side: the description, and the rest as stable JSON. */
export function definitionText(tool: Tool | Record<string, unknown>): DefinitionText {
  const { description, name: _name, ...rest } = pinnedDefinition(tool as Tool);
  return {
    description: typeof description === 'string' ? description : '',
    schema: canonicalJson(rest, 2),
  };
}
