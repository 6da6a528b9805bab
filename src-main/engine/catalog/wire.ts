import type {
  Client,
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  StandardSchemaV1,
  Tool,
} from '@modelcontextprotocol/client';

import { isObject } from '../../../src-shared/values.js';
import type { Logger } from '../types.js';

/**
 * Accepts any object unchanged. Lists are fetched with it so one malformed entry cannot fail
 * the whole page (the SDK's schema would reject the page); entries are checked one by one.
 */
export const anyResult: StandardSchemaV1<unknown, Record<string, unknown>> = {
  '~standard': {
    version: 1,
    vendor: 'mcp-gateway',
    validate: (value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? { value: value as Record<string, unknown> }
        : { issues: [{ message: 'expected a JSON object result' }] },
  },
};

/** Upper bound on pages per list: a backend that always returns a cursor cannot loop us forever. */
const MAX_PAGES = 100;

export type ListKind = 'tools' | 'resources' | 'resourceTemplates' | 'prompts';

const METHOD: Record<ListKind, { method: string; key: string }> = {
  tools: { method: 'tools/list', key: 'tools' },
  resources: { method: 'resources/list', key: 'resources' },
  resourceTemplates: { method: 'resources/templates/list', key: 'resourceTemplates' },
  prompts: { method: 'prompts/list', key: 'prompts' },
};

export interface ListItems {
  tools: Tool;
  resources: Resource;
  resourceTemplates: ResourceTemplate;
  prompts: Prompt;
}

/** Why an entry cannot be served, or undefined when it is fine. */
function problemWith(kind: ListKind, item: unknown): string | undefined {
  if (!isObject(item)) {
    return 'not an object';
  }
  switch (kind) {
    case 'tools': {
      if (typeof item['name'] !== 'string' || item['name'].length === 0) {
        return 'missing name';
      }
      const schema = item['inputSchema'];
      if (!isObject(schema) || schema['type'] !== 'object') {
        return 'inputSchema must be a JSON Schema object with "type": "object"';
      }
      return undefined;
    }
    case 'prompts':
      return typeof item['name'] === 'string' && item['name'].length > 0 ? undefined : 'missing name';
    case 'resources':
      return typeof item['uri'] === 'string' && typeof item['name'] === 'string'
        ? undefined
        : 'missing uri or name';
    case 'resourceTemplates':
      return typeof item['uriTemplate'] === 'string' && typeof item['name'] === 'string'
        ? undefined
        : 'missing uriTemplate or name';
  }
}

/** Does the backend advertise this list at all? */
export function hasList(client: Client, kind: ListKind): boolean {
  const caps = client.getServerCapabilities();
  if (caps === undefined) {
    return false;
  }
  return kind === 'tools'
    ? caps.tools !== undefined
    : kind === 'prompts'
      ? caps.prompts !== undefined
      : caps.resources !== undefined;
}

/** Fetch every page of one list, skipping (and logging) entries the gateway cannot serve. */
export async function fetchAll<K extends ListKind>(
  client: Client,
  kind: K,
  logger: Logger,
  timeoutMs: number,
): Promise<ListItems[K][]> {
  if (!hasList(client, kind)) {
    return [];
  }
  const { method, key } = METHOD[kind];
  const out: ListItems[K][] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.request(
      { method, params: cursor === undefined ? {} : { cursor } } as Parameters<Client['request']>[0],
      anyResult,
      { timeout: timeoutMs },
    );
    const items = result[key];
    if (Array.isArray(items)) {
      for (const item of items) {
        const problem = problemWith(kind, item);
        if (problem === undefined) {
          out.push(item as ListItems[K]);
        } else {
          const name = isObject(item) ? (item['name'] ?? item['uri']) : undefined;
          logger.warn(`skipped an invalid entry from ${method}`, {
            item: typeof name === 'string' ? name : '?',
            problem,
          });
        }
      }
    }
    const next = result['nextCursor'];
    if (typeof next !== 'string' || next.length === 0 || seen.has(next)) {
      return out;
    }
    seen.add(next);
    cursor = next;
  }
  logger.warn(`stopped paging ${method} after ${MAX_PAGES} pages`);
  return out;
}
