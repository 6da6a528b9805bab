import { ProtocolError, type Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import type { HiddenReason } from '../../../src-shared/hidden-reasons.js';
import {
  checkScope,
  completionTarget,
  inScope,
  promptsInScope,
  promptTarget,
  resolveCallTarget,
  resolvePrompt,
  resolveTool,
  resourcesInScope,
  resourceTarget,
  type ScopeProfile,
  serverForUri,
  type TargetContext,
  toolsInScope,
} from './scope.js';
import type { SelectTools } from './select.js';
import { buildOtherViews, buildToolViews, type ServerLists } from './views.js';

const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({
  name,
  inputSchema: { type: 'object' },
  ...extra,
});

/** Tools named `<reason>-*` are hidden for that reason (`held-back-x`, `disabled-x`). */
const select: SelectTools = (perServer) => ({
  entries: perServer.flatMap(({ server, tools }) =>
    tools.map((t) => {
      const reason = (['held-back', 'disabled'] as HiddenReason[]).find((r) => t.name.startsWith(`${r}-`));
      return reason === undefined
        ? { server, name: t.name, tool: t, tokens: 1, visible: true }
        : {
            server,
            name: t.name,
            tool: t,
            tokens: 1,
            visible: false,
            hiddenReason: reason,
            ...(reason === 'held-back' ? { hiddenNote: 'Review it in the dashboard.' } : {}),
          };
    }),
  ),
  warnings: [],
});

const lists = new Map<string, ServerLists>([
  [
    'a',
    {
      tools: [tool('add'), tool('held-back-x'), tool('disabled-y'), tool('shared')],
      resources: [{ uri: 'file:///a.txt', name: 'a' }],
      resourceTemplates: [{ uriTemplate: 'notes://{id}', name: 'note' }],
      prompts: [{ name: 'greet' }],
    },
  ],
  [
    'b',
    {
      tools: [tool('shared'), tool('widget', { _meta: { ui: { visibility: ['app'] } } })],
      resources: [],
      resourceTemplates: [],
      prompts: [{ name: 'greet' }],
    },
  ],
]);
const settings = {
  separator: '__',
  order: ['a', 'b'],
  servers: new Map<string, ServerConfig>([
    ['a', { command: 'x' }],
    ['b', { command: 'x' }],
  ]),
  global: { compaction: false },
};
const tv = buildToolViews(lists, settings, select, () => undefined);
const ov = buildOtherViews(lists, settings, () => undefined);

/** A profile allowing some servers (and, optionally, only some tool ids), memoising like the real one. */
function profile(servers: string[], tools?: string[]): ScopeProfile & { made: number } {
  const memo = new WeakMap<object, unknown>();
  const p = {
    made: 0,
    all: false,
    allowsServer: (s: string) => servers.includes(s),
    allowsTool: (s: string, id: string) => servers.includes(s) && (tools === undefined || tools.includes(id)),
    memo<T>(key: object, make: () => T): T {
      if (!memo.has(key)) {
        p.made += 1;
        memo.set(key, make());
      }
      return memo.get(key) as T;
    },
  };
  return p;
}

describe('lists in a scope', () => {
  it("hands out the views' own arrays when nothing narrows them", () => {
    expect(toolsInScope(tv, {})).toBe(tv.visibleAll);
    expect(toolsInScope(tv, { server: 'b' })).toBe(tv.visibleByServer.get('b'));
    expect(toolsInScope(tv, { server: 'b' }).map((t) => t.name)).toEqual(['shared', 'widget']);
    expect(resourcesInScope(ov, lists, { server: 'a' })).toBe(lists.get('a')?.resources);
  });

  it("filters by the client's profile once per list array", () => {
    const p = profile(['a'], ['a__add']);
    const first = toolsInScope(tv, { profile: p });
    expect(first.map((t) => t.name)).toEqual(['a__add']);
    expect(toolsInScope(tv, { profile: p })).toBe(first);
    expect(p.made).toBe(1);
    expect(promptsInScope(ov, lists, { profile: p }).map((x) => x.name)).toEqual(['a__greet']);
  });
});

describe('resolving names', () => {
  it("finds a tool by its gateway name, or by its server's own name when only one server has it", () => {
    expect(resolveTool(tv, {}, 'a__add')).toEqual({ server: 'a', name: 'add' });
    expect(resolveTool(tv, {}, 'add')).toEqual({ server: 'a', name: 'add' });
    expect(() => resolveTool(tv, {}, 'shared')).toThrow(
      'Tool "shared" is offered by 2 servers; call it by its gateway name: "a__shared", "b__shared".',
    );
  });

  it('lets an app call its app-only tool, hides switched-off tools and those outside the profile', () => {
    expect(resolveTool(tv, { server: 'b' }, 'widget')).toEqual({ server: 'b', name: 'widget' });
    expect(resolveTool(tv, {}, 'a__disabled-y')).toBeUndefined();
    expect(resolveTool(tv, { profile: profile(['b']) }, 'a__add')).toBeUndefined();
  });

  it('says why a held-back tool cannot be called', () => {
    expect(() => resolveTool(tv, {}, 'a__held-back-x')).toThrow(
      'Unknown tool "a__held-back-x". Review it in the dashboard.',
    );
    expect(() => resolveCallTarget(tv, { id: 'a__held-back-x' })).toThrow(
      expect.objectContaining({ code: 'TOOL_HELD_BACK' }),
    );
  });

  it('refuses a call to an unknown or switched-off tool with what to do', () => {
    expect(() => resolveCallTarget(tv, { server: 'a', name: 'nope' })).toThrow(
      expect.objectContaining({ code: 'TOOL_NOT_FOUND', message: expect.stringContaining('List the tools') }),
    );
    expect(() => resolveCallTarget(tv, { id: 'a__disabled-y' })).toThrow(
      expect.objectContaining({ code: 'TOOL_DISABLED' }),
    );
    expect(resolveCallTarget(tv, { server: 'a', name: 'add' }).id).toBe('a__add');
  });

  it('maps an exposed prompt name back to its server', () => {
    expect(resolvePrompt(ov, {}, 'b__greet')).toEqual({ server: 'b', name: 'greet' });
    expect(resolvePrompt(ov, { server: 'a' }, 'greet')).toEqual({ server: 'a', name: 'greet' });
    expect(() => resolvePrompt(ov, {}, 'greet')).toThrow(ProtocolError);
  });
});

describe('routing a resource URI', () => {
  const none = () => [];
  it('goes to the server listing it, else the one whose template matches', () => {
    expect(serverForUri(ov, {}, 'file:///a.txt', none)).toBe('a');
    expect(serverForUri(ov, {}, 'notes://42', none)).toBe('a');
    expect(serverForUri(ov, { server: 'b' }, 'file:///a.txt', none)).toBe('b');
  });

  it('asks the only server with resources about a URI nobody lists, and refuses otherwise', () => {
    expect(serverForUri(ov, {}, 'db://x', () => ['b'])).toBe('b');
    expect(() => serverForUri(ov, {}, 'db://x', () => ['a', 'b'])).toThrow(
      'Resource not found: no server behind the gateway offers "db://x".',
    );
  });
});

describe('scope checks', () => {
  it('treats a server outside the profile like one that does not exist', () => {
    expect(() => checkScope(settings.servers, { server: 'c' })).toThrow('There is no server named "c".');
    expect(() => checkScope(settings.servers, { server: 'a', profile: profile(['b']) })).toThrow(
      'There is no server named "a".',
    );
    expect(() => checkScope(settings.servers, { server: 'a' })).not.toThrow();
    expect(() => inScope({ profile: profile(['b']) }, 'a', 'Prompt "p"')).toThrow(
      'Prompt "p" not found: no server behind the gateway offers it.',
    );
    expect(inScope({ profile: profile(['a']) }, 'a', 'Prompt "p"')).toBe('a');
  });
});

describe('request targets', () => {
  const tc: TargetContext = { others: ov, servers: settings.servers, resourceServers: () => ['a'] };

  it("sends prompts/get to the prompt's server under its own name", () => {
    expect(promptTarget(tc, {}, { name: 'b__greet', arguments: { who: 'x' } })).toEqual({
      server: 'b',
      params: { name: 'greet', arguments: { who: 'x' } },
    });
    expect(() => promptTarget(tc, { profile: profile(['a']) }, { name: 'b__greet' })).toThrow(
      'Prompt "b__greet" not found',
    );
  });

  it('sends a completion to the prompt or the resource template it refers to', () => {
    expect(completionTarget(tc, {}, { ref: { type: 'ref/prompt', name: 'a__greet' } })).toEqual({
      server: 'a',
      params: { ref: { type: 'ref/prompt', name: 'greet' } },
    });
    const byTemplate = { ref: { type: 'ref/resource', uri: 'notes://{id}' } };
    expect(completionTarget(tc, {}, byTemplate)).toEqual({ server: 'a', params: byTemplate });
    expect(() => completionTarget(tc, {}, { ref: { type: 'ref/other' } })).toThrow(
      'completion/complete needs a ref of type "ref/prompt" (with name) or "ref/resource" (with uri).',
    );
  });

  it('checks the scope before it routes a resource URI', () => {
    expect(resourceTarget(tc, {}, 'db://x')).toBe('a');
    expect(() => resourceTarget(tc, { server: 'ghost' }, 'db://x')).toThrow(
      'There is no server named "ghost".',
    );
    expect(() => resourceTarget(tc, { profile: profile(['b']) }, 'file:///a.txt')).toThrow(
      'Resource "file:///a.txt" not found',
    );
  });
});
