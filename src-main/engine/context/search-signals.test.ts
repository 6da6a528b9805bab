import { describe, expect, it } from 'vitest';

import { ct } from '../../../test/lib/context.js';
import type { CatalogTool } from '../types.js';
import {
  asksAboutWhatExists,
  createToolSearch,
  FUSION,
  namesAFile,
  RERANK,
  type ServerInfo,
  splitWords,
} from './search.js';

/** Each signal is tested alone: word vectors (word-vectors.test.ts) would move the ties these set up. */
const SIGNALS_ALONE = { wordVectors: false } as const;

function ids(tools: CatalogTool[], servers: ServerInfo[], query: string, options = {}): string[] {
  const s = createToolSearch(SIGNALS_ALONE);
  s.sync(tools, servers);
  return s.search(query, options).map((h) => h.id);
}

describe('search signals', () => {
  it('WordNet bridges words the tools never use (with it off, nothing matches)', () => {
    const tools = [ct('util', 'echo', 'Echoes back the input string'), ct('util', 'sum', 'Adds two numbers')];
    // "parrot" is a hyponym of "echo"/"repeat" in WordNet; no tool says "parrot".
    expect(ids(tools, [], 'parrot my words')[0]).toBe('util__echo');
    const off = createToolSearch({ ...SIGNALS_ALONE, wordnet: false });
    off.sync(tools, []);
    expect(off.search('parrot my words')).toEqual([]);
  });

  it('lemmas and stems match inflected forms on both sides', () => {
    const tools = [ct('a', 'list_repositories', 'Lists repositories'), ct('a', 'get_user', 'Gets a user')];
    expect(ids(tools, [], 'repository')[0]).toBe('a__list_repositories');
    expect(ids(tools, [], 'users')[0]).toBe('a__get_user');
  });

  it('product vocabulary: a category word finds the product named by the server', () => {
    const tools = [
      ct('slack', 'post_message', 'Post a message to a channel'),
      ct('mailer', 'send_message', 'Send a message'),
    ];
    const servers = [{ name: 'slack' }, { name: 'mailer' }];
    expect(ids(tools, servers, 'post in the chat')[0]).toBe('slack__post_message');
    // The server's own title and instructions count as its words too.
    const titled = [
      { name: 'team', title: 'Slack MCP Server' },
      { name: 'mailer', instructions: 'Sends e-mail through SMTP.' },
    ];
    const t2 = [ct('team', 'post_message', 'Post a message'), ct('mailer', 'send_message', 'Send a message')];
    expect(ids(t2, titled, 'post in the chat')[0]).toBe('team__post_message');
    expect(ids(t2, titled, 'message over smtp')[0]).toBe('mailer__send_message');
  });

  it('category words come from what the tools say when the server names no known product', () => {
    // "acme" is no product the lists know; its tools speak of channels, messages and threads,
    // so it is a chat. Without that, nothing here says "chat" and the search finds nothing.
    const tools = [
      ct('acme', 'post_message', 'Post a message to a channel'),
      ct('acme', 'list_channels', 'List channels in the workspace'),
      ct('acme', 'reply_to_thread', 'Reply in a thread'),
      ct('acme', 'get_user', 'Get a user profile'),
      ct('fs', 'write_file', 'Write a file to a directory path'),
      ct('fs', 'read_file', 'Read a file'),
    ];
    const servers = [{ name: 'acme' }, { name: 'fs' }];
    expect(ids(tools, servers, 'the chat').sort()).toEqual([
      'acme__get_user',
      'acme__list_channels',
      'acme__post_message',
      'acme__reply_to_thread',
    ]);
    expect(ids(tools, servers, 'post in the chat')[0]).toBe('acme__post_message');
    // Signs in fewer than half of the tools, or only one sign: no category.
    const few = [...tools.slice(0, 1), ct('acme', 'a', 'A'), ct('acme', 'b', 'B'), ct('acme', 'c', 'C')];
    expect(ids(few, servers, 'the chat')).toEqual([]);
  });

  it('everyday phrases and effects map to tool words ("let people know" → post a message)', () => {
    const tools = [
      ct('chat', 'post_message', 'Post a new message to a channel'),
      ct('chat', 'list_channels', 'List channels'),
      ct('fs', 'write_file', 'Write a file'),
    ];
    expect(ids(tools, [{ name: 'chat' }], 'let people know the deploy is done')[0]).toBe(
      'chat__post_message',
    );
    // The lexicon can be switched off (only to measure the general signals without it).
    const issues = [ct('gh', 'list_issues', 'List issues'), ct('fs', 'write_file', 'Write a file')];
    expect(ids(issues, [], 'my tickets')).toEqual(['gh__list_issues']);
    const off = createToolSearch({ ...SIGNALS_ALONE, lexicon: false });
    off.sync(issues, []);
    expect(off.search('my tickets')).toEqual([]);
  });

  it('verb–object intent: the action asked for beats a tool that only shares the object', () => {
    const tools = [
      ct('gh', 'list_issues', 'List issues in a repository'),
      ct('gh', 'create_issue', 'Create a new issue in a repository'),
    ];
    // "report" names no tool word; its intent (create) picks create_issue over list_issues.
    const s = createToolSearch(SIGNALS_ALONE);
    s.sync(tools, []);
    const hits = s.search('file an issue');
    expect(hits[0]?.id).toBe('gh__create_issue');
    expect((hits[0]?.score ?? 0) - (hits[1]?.score ?? 0)).toBeGreaterThanOrEqual(FUSION.intent - 1e-9);
  });

  it('parameter names and enum values are indexed', () => {
    const tools = [
      ct('maps', 'directions', 'Route between two points', {
        inputSchema: {
          type: 'object',
          properties: { mode: { type: 'string', enum: ['driving', 'walking', 'bicycling'] } },
        },
      }),
      ct('maps', 'geocode', 'Convert an address', {
        inputSchema: { type: 'object', properties: { address: { type: 'string' } } },
      }),
    ];
    expect(ids(tools, [], 'bicycling')[0]).toBe('maps__directions');
    expect(ids(tools, [], 'address')[0]).toBe('maps__geocode');
  });

  it('annotations break ties: read-only for questions, destructive for removals', () => {
    const tools = [
      ct('db', 'records_x', 'Records', { annotations: { destructiveHint: true } }),
      ct('db', 'records_y', 'Records', { annotations: { readOnlyHint: true } }),
    ];
    expect(ids(tools, [], 'show the records')[0]).toBe('db__records_y');
    expect(ids(tools, [], 'delete the records')[0]).toBe('db__records_x');
  });

  it('fusion: a learned lift and semantic similarity move a tool up by the documented weights', () => {
    const tools = [ct('a', 'alpha', 'Export data'), ct('a', 'beta', 'Export data')];
    const s = createToolSearch(SIGNALS_ALONE);
    s.sync(tools, []);
    const plain = s.search('export data');
    expect(plain.map((h) => h.id)).toEqual(['a__alpha', 'a__beta']);
    const lifted = s.search('export data', { learned: new Map([['a__beta', 1]]) });
    expect(lifted[0]?.id).toBe('a__beta');
    expect(lifted[0]?.matched).toContain('used before');
    expect((lifted[0]?.score ?? 0) - (plain[0]?.score ?? 0)).toBeCloseTo(FUSION.learned, 6);
    const semantic = s.search('export data', {
      semantic: new Map([
        ['a__alpha', 0.2],
        ['a__beta', 0.9],
      ]),
    });
    expect(semantic[0]?.id).toBe('a__beta');
    // Similarities are scaled min–max over the tools ranked: equal words, so the gap is W_SEMANTIC.
    expect((semantic[0]?.score ?? 0) - (semantic[1]?.score ?? 0)).toBeCloseTo(FUSION.semantic, 2);
    // A tool with no shared word still comes up on meaning alone.
    const meaning = s.search('zzqx', { semantic: new Map([['a__alpha', 0.8]]) });
    expect(meaning.map((h) => h.id)).toEqual(['a__alpha']);
  });

  it('says why each tool matched, compactly', () => {
    const tools = [ct('slack', 'post_message', 'Post a new message to a channel')];
    const s = createToolSearch(SIGNALS_ALONE);
    s.sync(tools, [{ name: 'slack' }]);
    const [hit] = s.search('tell the chat');
    // "tell" is bridged to a word of the tool; "chat" is Slack's category.
    expect(hit?.matched[0]).toMatch(/^tell→(post|message)$/);
    expect(hit?.matched).toContain('chat');
    expect(hit?.matched.length).toBeLessThanOrEqual(4);
  });

  it('second stage: among equal lexical matches, the tool whose name the request explains wins', () => {
    // Both match "folder" only through their server's words; the lexical scores are equal.
    const tools = [
      ct('fs', 'directory_tree', 'A recursive tree view'),
      ct('fs', 'list_directory', 'A listing'),
    ];
    const servers = [{ name: 'fs', instructions: 'Works on folders.' }];
    const off = createToolSearch({ ...SIGNALS_ALONE, rerank: false });
    off.sync(tools, servers);
    const before = off.search('list the folder');
    const on = createToolSearch(SIGNALS_ALONE);
    on.sync(tools, servers);
    const after = on.search('list the folder');
    expect(after[0]?.id).toBe('fs__list_directory');
    // Coverage, explained name words and proximity add at most their weights.
    for (const hit of after) {
      const base = before.find((h) => h.id === hit.id)?.score ?? 0;
      expect(hit.score - base).toBeGreaterThan(0);
      expect(hit.score - base).toBeLessThanOrEqual(RERANK.coverage + RERANK.name + RERANK.proximity + 1e-3);
    }
  });

  it('questions about what already exists are told from requests to do something', () => {
    for (const q of [
      'have you stored anything mentioning kubernetes',
      'is there a file called invoice anywhere',
      'where did we write down the policy',
      'what does this paper say about sample size',
      'did anyone report this crash',
    ]) {
      expect(asksAboutWhatExists(splitWords(q)), q).toBe(true);
    }
    for (const q of [
      'what is in this folder',
      "what's new",
      'store a note',
      'where are my files',
      'write it down',
      '',
    ]) {
      expect(asksAboutWhatExists(splitWords(q)), q).toBe(false);
    }
    // The same words ("did" is a stop word): as a question, the search tool gains the intent the
    // verb gave the writing tool, and the gap between them narrows by more than that weight.
    const tools = [
      ct('notes', 'write_note', 'Write a note'),
      ct('notes', 'search_notes', 'Search notes by text'),
    ];
    const s = createToolSearch(SIGNALS_ALONE);
    s.sync(tools, []);
    const gap = (q: string): number => {
      const hits = s.search(q);
      const score = (id: string): number => hits.find((h) => h.id === id)?.score ?? 0;
      return score('notes__write_note') - score('notes__search_notes');
    };
    expect(gap('did we write down the vacation policy')).toBeLessThan(
      gap('we write down the vacation policy') - FUSION.intent,
    );
  });

  it('a file name or extension in the request counts as the word "file"', () => {
    for (const q of [
      'rename report.doc to final.doc',
      'find every *.log under src',
      'pack it into a .gz',
      '"a.txt"',
    ]) {
      expect(namesAFile(q), q).toBe(true);
    }
    for (const q of ['open example.com', 'add 3.5 and 4', 'it is done.', 'see e.g. this', 'index.html']) {
      expect(namesAFile(q), q).toBe(false);
    }
    const tools = [
      ct('fs', 'move_file', 'Move or rename a file'),
      ct('docs', 'rename_page', 'Rename a page'),
    ];
    expect(ids(tools, [], 'rename budget.xlsx to budget-2025.xlsx')[0]).toBe('fs__move_file');
  });

  it("namespace words shared by most of a server's tools do not count as name words", () => {
    // Every ws tool's name starts with "page": it names the server, not the tool. The lexical
    // scores of the two close tools are equal; by name words, page_close is all "close" and
    // close_tab only half, so it wins (without the rule both are half explained and the tie
    // goes to the smaller id, tabs__close_tab).
    const tools = [
      ct('ws', 'page_close', 'Close the page'),
      ct('ws', 'page_open', 'Open a URL'),
      ct('ws', 'page_reload', 'Reload'),
      ct('ws', 'page_print', 'Print to PDF'),
      ct('tabs', 'close_tab', 'Close the tab'),
      ct('tabs', 'new_tab', 'A new tab'),
    ];
    expect(ids(tools, [], 'close')).toEqual(['ws__page_close', 'tabs__close_tab']);
    // Fewer than four tools: a shared word is the server's subject, not a prefix.
    const few = [ct('ws', 'page_close', 'Close the page'), ...tools.slice(4)];
    expect(ids(few, [], 'close')[0]).toBe('tabs__close_tab');
  });

  it('a request opening with a verb no list knows takes its action from WordNet', () => {
    // "recall" is in no action list; WordNet's verb senses say remember/retrieve, and retrieve
    // reads. Without that, the two tools tie and the smaller id (add_entry) comes first.
    const tools = [ct('kb', 'add_entry', 'Add an entry'), ct('kb', 'read_entry', 'Read an entry')];
    expect(ids(tools, [], 'recall the entry on Apollo')[0]).toBe('kb__read_entry');
    // With the verb known from the lists, WordNet is not asked (and nothing changes).
    expect(ids(tools, [], 'add the entry on Apollo')[0]).toBe('kb__add_entry');
    // Never a removal by inference: "extract" → remove is passed over for take → read.
    const kb = [ct('kb', 'delete_entry', 'Delete an entry'), ct('kb', 'read_entry', 'Read an entry')];
    expect(ids(kb, [], 'extract the entry')[0]).toBe('kb__read_entry');
  });

  it('proximity: neighbouring query words side by side in the tool count once more', () => {
    // The same words, as many of them; only net__b has "network requests" side by side (the
    // tie would otherwise go to the smaller id).
    const tools = [
      ct('net', 'a', 'Show requests sent on a network.'),
      ct('net', 'b', 'Show network requests sent.'),
    ];
    const s = createToolSearch(SIGNALS_ALONE);
    s.sync(tools, []);
    const hits = s.search('network requests');
    expect(hits.map((h) => h.id)).toEqual(['net__b', 'net__a']);
    expect((hits[0]?.score ?? 0) - (hits[1]?.score ?? 0)).toBeCloseTo(RERANK.proximity, 3);
    // Order does not matter; words apart in the request do not count.
    expect(ids(tools, [], 'requests of the network')[0]).toBe('net__b');
    expect(ids(tools, [], 'network traffic requests')[0]).toBe('net__a');
  });

  it('is deterministic: the same index and query always give the same ranking', () => {
    const tools = Array.from({ length: 40 }, (_, i) => ct(`s${i % 4}`, `tool_${i}`, 'Read a file'));
    const first = ids(tools, [], 'read file', { limit: 40 });
    expect(ids([...tools].reverse(), [], 'read file', { limit: 40 })).toEqual(first);
    expect(first).toEqual([...first].sort());
  });
});
