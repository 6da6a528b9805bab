import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

import type { Tool } from '@modelcontextprotocol/client';
// o200k_base is the encoding of current OpenAI models (GPT-4o and later). No tokenizer matches
// every model exactly; one fixed, real encoding makes the figures comparable across servers and
// releases, which is what a budget needs.
import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';

let encoding: typeof O200k | undefined;

/**
 * The encoding's tables are the largest thing the gateway could hold in memory (about 60 MB,
 * 0.3 s to load), so they are loaded on the first count: a gateway that nobody asks about
 * token figures (no budget in tokens, no dashboard open) never pays for them.
 */
function countTokens(text: string): number {
  encoding ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as typeof O200k;
  return encoding.countTokens(text);
}

/** Whether the tokenizer has been loaded (for tests and diagnostics). */
export function tokenizerLoaded(): boolean {
  return encoding !== undefined;
}

/**
 * The part of a tool definition a client puts into the model's context: its name, description
 * and input/output schemas, as JSON. Titles, annotations, icons and `_meta` are left out because
 * clients use them for display and policy, not as model input.
 */
export function toolContextJson(tool: Tool): string {
  const shown: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) {
    shown['description'] = tool.description;
  }
  shown['inputSchema'] = tool.inputSchema;
  if (tool.outputSchema !== undefined) {
    shown['outputSchema'] = tool.outputSchema;
  }
  return JSON.stringify(shown);
}

/** Bounded so a gateway with churning backends cannot grow the cache without end. */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, number>();

/** Token count of any text with o200k_base. */
export function countTextTokens(text: string): number {
  return countTokens(text);
}

/**
 * Context tokens of one tool definition (o200k_base over {@link toolContextJson}). Cached by a
 * hash of that JSON, so listing the same tools again costs a hash, not a tokenization.
 */
export function countToolTokens(tool: Tool): number {
  const json = toolContextJson(tool);
  const key = createHash('sha1').update(json).digest('base64');
  const hit = cache.get(key);
  if (hit !== undefined) {
    return hit;
  }
  const n = countTokens(json);
  if (cache.size >= CACHE_LIMIT) {
    // Oldest entry first: Map iterates in insertion order.
    const oldest = cache.keys().next();
    if (oldest.done !== true) {
      cache.delete(oldest.value);
    }
  }
  cache.set(key, n);
  return n;
}

/** How many definitions the token cache holds (for tests and diagnostics). */
export function tokenCacheSize(): number {
  return cache.size;
}
