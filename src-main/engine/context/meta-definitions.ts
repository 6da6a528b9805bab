import type { Tool } from '@modelcontextprotocol/client';

/** The meta tools' names and definitions, and the search's limits. */

/** Prefix of the meta tools' names. */
export const META_PREFIX = 'gateway__';

export const META_TOOL_NAMES = {
  listServers: `${META_PREFIX}list_servers`,
  search: `${META_PREFIX}search_tools`,
  describe: `${META_PREFIX}describe_tool`,
  call: `${META_PREFIX}call_tool`,
} as const;

export const DEFAULT_LIMIT = 8;
export const MAX_LIMIT = 25;

/** Definitions kept short on purpose: every token here is paid in every conversation. */
export const META_TOOLS: readonly Tool[] = [
  {
    name: META_TOOL_NAMES.listServers,
    description: 'List connected MCP servers with their state, tool count and description.',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
  },
  {
    name: META_TOOL_NAMES.search,
    description:
      'Find tools for a task. Describe the task in plain words; returns tool ids, summaries and required parameters. Then call a tool with gateway__call_tool.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What you want to do' },
        server: { type: 'string', description: 'Only this server' },
        limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, description: `Default ${DEFAULT_LIMIT}` },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: META_TOOL_NAMES.describe,
    description: "Get a tool's full definition (description, input and output schema) by id.",
    inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    annotations: { readOnlyHint: true },
  },
  {
    name: META_TOOL_NAMES.call,
    description: 'Call a tool by id with its arguments. Returns the tool’s own result.',
    inputSchema: {
      type: 'object',
      properties: { id: { type: 'string' }, arguments: { type: 'object' } },
      required: ['id'],
    },
  },
];

export const META_NAMES: ReadonlySet<string> = new Set(META_TOOLS.map((t) => t.name));
