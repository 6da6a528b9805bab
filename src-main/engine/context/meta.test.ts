import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { catalogTool, metaDeps } from '../../../test/lib/context.js';
import type { CallContext, CatalogTool } from '../types.js';
import { createMetaToolset, META_TOOL_NAMES, META_TOOLS } from './meta.js';
import { countToolTokens } from './tokens.js';

/** A listed tool with its real token count: the meta tools' answers are measured by it. */
function countedTool(
  server: string,
  name: string,
  description: string,
  inputSchema: Tool['inputSchema'],
): CatalogTool {
  const definition: Tool = { name, description, inputSchema };
  return catalogTool(server, definition, { tokens: countToolTokens(definition) });
}

const tools: CatalogTool[] = [
  countedTool('files', 'read_file', 'Read a file from disk. Returns its text.', {
    type: 'object',
    properties: { path: { type: 'string', description: 'Path of the file' } },
    required: ['path'],
  }),
  countedTool('files', 'list_directory', 'List the entries of a directory.', {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
  }),
  countedTool('chat', 'postMessage', 'Post a message to a channel.', {
    type: 'object',
    properties: {
      channelId: { type: 'string' },
      text: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['channelId', 'text', 'tags'],
  }),
  {
    ...countedTool('chat', 'secret_admin', 'Hidden tool.', { type: 'object' }),
    visible: false,
    hiddenReason: 'disabled',
  },
];

const ctx: CallContext = { client: 'test' };

function toolset(calls: unknown[] = [], pinned: string[] = []) {
  return createMetaToolset({
    listTools: () => tools.filter((t) => t.visible),
    callTool: async (target, args, c) => {
      calls.push({ target, args, c });
      return { content: [{ type: 'text', text: `ran ${JSON.stringify(target)}` }] };
    },
    servers: () => [
      { name: 'files', description: 'Local files', state: 'running', toolCount: 2 },
      { name: 'chat', state: 'degraded', toolCount: 1 },
    ],
    pinned: () => pinned,
  });
}

function textOf(r: unknown): string {
  return ((r as { content: { text: string }[] }).content[0] as { text: string }).text;
}

describe('meta toolset', () => {
  it('keeps the whole meta surface under 500 tokens', () => {
    const total = META_TOOLS.reduce((n, t) => n + countToolTokens(t), 0);
    expect(total).toBeLessThan(500);
  });

  it('lists meta tools and pinned tools under their ids; ignores unknown and hidden pins', () => {
    const names = toolset([], ['files__read_file', 'nope', 'chat__secret_admin'])
      .tools()
      .map((t) => t.name);
    expect(names).toEqual([...META_TOOLS.map((t) => t.name), 'files__read_file']);
  });

  it('answers only meta names', async () => {
    const m = toolset();
    expect(m.isMetaTool(META_TOOL_NAMES.search)).toBe(true);
    expect(m.isMetaTool('files__read_file')).toBe(false);
    await expect(m.call('files__read_file', {}, ctx)).resolves.toBeUndefined();
  });

  it('lists servers', async () => {
    const r = await toolset().call(META_TOOL_NAMES.listServers, {}, ctx);
    expect(textOf(r)).toBe('files (running, 2 tools) — Local files\nchat (degraded, 1 tools)');
  });

  it('searches with required parameters and types, never hidden tools', async () => {
    const m = toolset();
    const r = await m.call(META_TOOL_NAMES.search, { query: 'send a chat message' }, ctx);
    expect(textOf(r).split('\n')[0]).toBe(
      'chat__postMessage — Post a message to a channel. | required: channelId: string, text: string, tags: string[] | matched: send→post, chat, message',
    );
    expect(m.search('admin secret').map((h) => h.id)).not.toContain('chat__secret_admin');
    expect(m.search('open the file', { server: 'files' })[0]?.id).toBe('files__read_file');
    expect(m.search('folder contents')[0]?.id).toBe('files__list_directory');
  });

  it('keeps a default search answer short: "matched" goes from the last lines first', async () => {
    const long = Array.from({ length: 8 }, (_, i) =>
      countedTool('big', `report_tool_${i}`, `Report number ${i}: ${'a long description '.repeat(8)}`, {
        type: 'object',
        properties: { param_name: { type: 'string' } },
        required: ['param_name'],
      }),
    );
    const m = createMetaToolset(metaDeps(long));
    const short = textOf(await m.call(META_TOOL_NAMES.search, { query: 'report number' }, ctx)).split('\n');
    // An explicit limit asks for the whole answer.
    const full = textOf(
      await m.call(META_TOOL_NAMES.search, { query: 'report number', limit: 8 }, ctx),
    ).split('\n');
    expect(full.every((l) => l.includes('| matched: report, number'))).toBe(true);
    expect(short).toHaveLength(8);
    expect(short.join('\n').length).toBeLessThan(full.join('\n').length);
    expect(short[0]).toContain('| matched: report, number');
    expect(short[7]).not.toContain('matched:');
    expect(short.map((l) => l.split(' | matched')[0])).toEqual(full.map((l) => l.split(' | matched')[0]));
  });

  it('describes a tool with its full schema', async () => {
    const r = await toolset().call(META_TOOL_NAMES.describe, { id: 'files__read_file' }, ctx);
    expect(JSON.parse(textOf(r))).toEqual({ ...tools[0]?.definition, name: 'files__read_file' });
  });

  it('calls through with the same context', async () => {
    const calls: unknown[] = [];
    const signal = new AbortController().signal;
    const c: CallContext = { client: 'x', sessionId: 's1', signal, onProgress: () => undefined };
    const r = await toolset(calls).call(
      META_TOOL_NAMES.call,
      { id: 'files__read_file', arguments: { path: '/a' } },
      c,
    );
    expect(textOf(r)).toBe('ran {"id":"files__read_file"}');
    expect(calls).toEqual([{ target: { id: 'files__read_file' }, args: { path: '/a' }, c }]);
  });

  it('refuses bad input with messages that say what to do', async () => {
    const m = toolset();
    await expect(m.call(META_TOOL_NAMES.call, {}, ctx)).rejects.toThrow(/"id" is required/);
    await expect(m.call(META_TOOL_NAMES.call, { id: 'chat__secret_admin' }, ctx)).rejects.toThrow(
      /unknown tool id/,
    );
    await expect(
      m.call(META_TOOL_NAMES.call, { id: 'files__read_file', arguments: [1] }, ctx),
    ).rejects.toThrow(/"arguments" must be an object/);
    await expect(m.call(META_TOOL_NAMES.search, { query: ' ' }, ctx)).rejects.toThrow(/"query" is required/);
    await expect(m.call(META_TOOL_NAMES.search, { query: 'x', limit: 0 }, ctx)).rejects.toThrow(/"limit"/);
    expect(textOf(await m.call(META_TOOL_NAMES.search, { query: 'zzqx' }, ctx))).toMatch(/No tools match/);
  });
});
