import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { catalogTool } from '../../../test/lib/context.js';
import type { CatalogTool } from '../types.js';
import { createToolSearch, oneLine, requiredParams, splitWords, stem } from './search.js';

/** A listed tool with these parameters, of which `required` must be given. */
function ct(
  server: string,
  name: string,
  description: string,
  properties: NonNullable<Tool['inputSchema']['properties']> = {},
  required: string[] = [],
): CatalogTool {
  return catalogTool(server, { name, description, inputSchema: { type: 'object', properties, required } });
}

const corpus = [
  ct('fs', 'read_text_file', 'Read the complete contents of a file as text.', { path: { type: 'string' } }, [
    'path',
  ]),
  ct(
    'fs',
    'list_directory',
    'Get a detailed listing of all files and directories in a path.',
    { path: { type: 'string' } },
    ['path'],
  ),
  ct(
    'fs',
    'move_file',
    'Move or rename files and directories.',
    { source: { type: 'string' }, destination: { type: 'string' } },
    ['source', 'destination'],
  ),
  ct(
    'gh',
    'createIssue',
    'Create a new issue in a repository.',
    {
      owner: { type: 'string' },
      repo: { type: 'string' },
      title: { type: 'string' },
      labels: { type: 'array', items: { type: 'string' } },
    },
    ['owner', 'repo', 'title'],
  ),
  ct('gh', 'list-pull-requests', 'List and filter repository pull requests.', {
    state: { enum: ['open', 'closed'] },
  }),
  ct(
    'maps',
    'geocode',
    'Convert an address into geographic coordinates.',
    { address: { type: 'string', description: 'The street address' } },
    ['address'],
  ),
];

describe('tool search', () => {
  const servers = [
    { name: 'fs', description: 'Local files' },
    { name: 'gh', description: 'GitHub' },
    { name: 'maps', description: 'Maps and places' },
  ];

  it('splits snake, camel and kebab names into words and stems both sides alike', () => {
    expect(splitWords('createIssue list-pull-requests read_text_file HTTPServer2x')).toEqual([
      'create',
      'issue',
      'list',
      'pull',
      'requests',
      'read',
      'text',
      'file',
      'http',
      'server2x',
    ]);
    // Porter stemming, the same on both sides of the index.
    expect(['files', 'directories', 'reading', 'created', 'boxes', 'messages'].map(stem)).toEqual([
      'file',
      'directori',
      'read',
      'creat',
      'box',
      'messag',
    ]);
    expect(stem('directory')).toBe(stem('directories'));
  });

  it('ranks by name words, descriptions, parameters and server text', () => {
    const s = createToolSearch();
    s.sync(corpus, servers);
    expect(s.search('rename a file')[0]?.id).toBe('fs__move_file');
    expect(s.search('open a new issue')[0]?.id).toBe('gh__createIssue');
    expect(s.search('pull requests')[0]?.id).toBe('gh__list-pull-requests');
    expect(s.search('coordinates of a street address')[0]?.id).toBe('maps__geocode');
    // Server descriptions count: "places" only appears in the maps server's description.
    expect(s.search('places')[0]?.server).toBe('maps');
    // Prefix and fuzzy matching.
    expect(s.search('direc')[0]?.id).toBe('fs__list_directory');
    expect(s.search('geocide')[0]?.id).toBe('maps__geocode');
  });

  it('returns ids, one-line summaries and required parameters with types', () => {
    const s = createToolSearch();
    s.sync(corpus, servers);
    const [hit] = s.search('create issue', { limit: 1 });
    expect(hit).toMatchObject({
      id: 'gh__createIssue',
      server: 'gh',
      name: 'createIssue',
      summary: 'Create a new issue in a repository.',
      required: [
        { name: 'owner', type: 'string' },
        { name: 'repo', type: 'string' },
        { name: 'title', type: 'string' },
      ],
    });
    expect(s.search('file', { server: 'gh' }).every((h) => h.server === 'gh')).toBe(true);
    expect(s.search('the of a')).toEqual([]);
  });

  it('updates incrementally: changed, added and removed tools', () => {
    const s = createToolSearch();
    s.sync(corpus, servers);
    expect(s.size()).toBe(6);
    expect(s.search('weather forecast')).toEqual([]);
    const changed = corpus.map((t) =>
      t.id === 'maps__geocode'
        ? { ...t, definition: { ...t.definition, description: 'Weather forecast for an address.' } }
        : t,
    );
    const added = ct('maps', 'elevation', 'Height above sea level.');
    s.sync([...changed.filter((t) => t.id !== 'fs__move_file'), added], servers);
    expect(s.size()).toBe(6);
    expect(s.search('weather forecast')[0]?.id).toBe('maps__geocode');
    expect(s.search('sea level height')[0]?.id).toBe('maps__elevation');
    expect(s.search('rename').map((h) => h.id)).not.toContain('fs__move_file');
  });

  it('picks up what a server says about itself when it changes, and nothing else on a re-sync', () => {
    const tools = [ct('acme', 'run_job', 'Runs a job.'), ct('other', 'run_task', 'Runs a task.')];
    const s = createToolSearch();
    s.sync(tools, [{ name: 'acme' }, { name: 'other' }]);
    expect(s.search('kubernetes')).toEqual([]);
    s.sync(tools, [{ name: 'acme', instructions: 'Deploys to Kubernetes clusters.' }, { name: 'other' }]);
    expect(s.search('kubernetes').map((h) => h.id)).toEqual(['acme__run_job']);
    // The same lists again (new objects, equal text) change nothing.
    s.sync(
      [...tools],
      [{ name: 'acme', instructions: 'Deploys to Kubernetes clusters.' }, { name: 'other' }],
    );
    expect(s.search('kubernetes').map((h) => h.id)).toEqual(['acme__run_job']);
    s.sync(tools.slice(1), [{ name: 'other' }]);
    expect(s.search('kubernetes')).toEqual([]);
    expect(s.size()).toBe(1);
  });

  it('is deterministic for equal scores', () => {
    const twins = [ct('a', 'ping', 'Ping.'), ct('b', 'ping', 'Ping.')];
    const s = createToolSearch();
    s.sync(twins, []);
    expect(s.search('ping').map((h) => h.id)).toEqual(['a__ping', 'b__ping']);
  });
});

describe('helpers', () => {
  it('oneLine keeps the first sentence, capped', () => {
    expect(oneLine('First. Second.')).toBe('First.');
    expect(oneLine('Line one\nline two')).toBe('Line one');
    expect(oneLine('x'.repeat(300))).toHaveLength(160);
    expect(oneLine(undefined)).toBe('');
  });

  it('requiredParams reads types, arrays and unions', () => {
    const t: Tool = {
      name: 't',
      inputSchema: {
        type: 'object',
        properties: {
          a: { type: 'array', items: { type: 'number' } },
          b: { anyOf: [{ type: 'string' }, { type: 'null' }] },
          c: { enum: [1] },
        },
        required: ['a', 'b', 'c', 'd'],
      },
    };
    expect(requiredParams(t)).toEqual([
      { name: 'a', type: 'number[]' },
      { name: 'b', type: 'string|null' },
      { name: 'c', type: 'enum' },
      { name: 'd', type: 'any' },
    ]);
  });
});
