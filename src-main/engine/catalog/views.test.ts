import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { silentLogger as quiet } from '../telemetry/index.js';
import type { SelectTools } from './select.js';
import {
  buildOtherViews,
  buildToolViews,
  createViews,
  type ServerLists,
  type ViewSettings,
} from './views.js';

const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({
  name,
  inputSchema: { type: 'object' },
  ...extra,
});

const lists = (partial: Partial<ServerLists>): ServerLists => ({
  tools: [],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  ...partial,
});

/** Everything visible except tools named `off-*`, which the policy switches off. */
const selectAll: SelectTools = (perServer) => ({
  entries: perServer.flatMap(({ server, tools }) =>
    tools.map((t) =>
      t.name.startsWith('off-')
        ? { server, name: t.name, tool: t, tokens: 1, visible: false, hiddenReason: 'disabled' as const }
        : { server, name: t.name, tool: t, tokens: 1, visible: true },
    ),
  ),
  warnings: perServer.length > 2 ? ['too many servers'] : [],
});

function settingsFor(order: string[]): ViewSettings {
  return {
    separator: '__',
    order,
    servers: new Map(order.map((n) => [n, { command: 'x' } as ServerConfig])),
    global: { compaction: false },
  };
}

function warnings(): { warn: (msg: string) => void; seen: string[] } {
  const seen: string[] = [];
  return { warn: (msg) => seen.push(msg), seen };
}

describe('buildToolViews', () => {
  it('names tools uniquely across servers, in config order, and indexes them every way', () => {
    const l = new Map([
      ['b', lists({ tools: [tool('add')] })],
      ['a', lists({ tools: [tool('add'), tool('echo')] })],
    ]);
    const v = buildToolViews(l, settingsFor(['a', 'b']), selectAll, () => undefined);
    expect(v.visibleAll.map((t) => t.name)).toEqual(['a__add', 'a__echo', 'b__add']);
    expect(v.byId.get('b__add')).toMatchObject({ server: 'b', name: 'add', visible: true });
    expect(v.byServer.get('a')?.get('echo')?.id).toBe('a__echo');
    expect(v.byOwnName.get('add')?.map((t) => t.server)).toEqual(['a', 'b']);
    // `/mcp/<server>` keeps the server's own names and definitions.
    expect(v.visibleByServer.get('b')?.[0]).toBe(l.get('b')?.tools[0]);
  });

  it('hides task-only tools everywhere and app-only tools from the aggregated list alone', () => {
    const tasks = tool('long', { execution: { taskSupport: 'required' } } as Partial<Tool>);
    const app = tool('widget', { _meta: { ui: { visibility: ['app'] } } });
    const l = new Map([['a', lists({ tools: [tasks, app, tool('off-x'), tool('plain')] })]]);
    const v = buildToolViews(l, settingsFor(['a']), selectAll, () => undefined);
    expect(v.visibleAll.map((t) => t.name)).toEqual(['a__plain']);
    expect(v.visibleByServer.get('a')?.map((t) => t.name)).toEqual(['widget', 'plain']);
    expect(v.byId.get('a__long')?.hiddenReason).toBe('needs-tasks');
    expect(v.byId.get('a__widget')?.hiddenReason).toBe('app-only');
    expect(v.byId.get('a__off-x')).toMatchObject({ visible: false, hiddenReason: 'disabled' });
  });

  it("passes the policy's warnings on and leaves out servers without lists", () => {
    const w = warnings();
    const l = new Map(['a', 'b', 'c'].map((s) => [s, lists({ tools: [tool('t')] })]));
    const v = buildToolViews(l, settingsFor(['a', 'b', 'c', 'gone']), selectAll, w.warn);
    expect(w.seen).toEqual(['too many servers']);
    expect([...v.byServer.keys()]).toEqual(['a', 'b', 'c']);
  });
});

describe('buildOtherViews', () => {
  it('lets the first server in config order serve a URI two servers offer', () => {
    const w = warnings();
    const l = new Map([
      ['b', lists({ resources: [{ uri: 'file:///x', name: 'x from b' }] })],
      ['a', lists({ resources: [{ uri: 'file:///x', name: 'x from a' }] })],
    ]);
    const v = buildOtherViews(l, settingsFor(['a', 'b']), w.warn);
    expect(v.resourcesAll.map((r) => r.name)).toEqual(['x from a']);
    expect(v.resourceOwner.get('file:///x')).toBe('a');
    expect(w.seen).toEqual(['resource URI offered by two servers; the first one serves it']);
  });

  it('keeps an unusable template listed but routes nothing to it', () => {
    const w = warnings();
    const l = new Map([
      [
        'a',
        lists({
          resourceTemplates: [
            { uriTemplate: 'notes://{id}', name: 'note' },
            { uriTemplate: 'bad://{', name: 'bad' },
          ],
        }),
      ],
    ]);
    const v = buildOtherViews(l, settingsFor(['a']), w.warn);
    expect(v.templatesAll).toHaveLength(2);
    expect(v.templateOwners.map((t) => t.raw)).toEqual(['notes://{id}']);
    expect(v.templateOwners[0]?.template.match('notes://7')).toEqual({ id: '7' });
    expect(w.seen).toEqual(['unusable resource template']);
  });

  it('names prompts uniquely and resolves them back to their server', () => {
    const l = new Map([
      ['a', lists({ prompts: [{ name: 'greet' }] })],
      ['b', lists({ prompts: [{ name: 'greet' }] })],
    ]);
    const v = buildOtherViews(l, settingsFor(['a', 'b']), () => undefined);
    expect(v.promptsAll.map((p) => p.name)).toEqual(['a__greet', 'b__greet']);
    expect(v.promptNames.resolve('b__greet')).toEqual({ server: 'b', name: 'greet' });
  });
});

/** Live views over a map the test changes, counting how often the policy runs. */
function liveViews(order: string[]) {
  const l = new Map<string, ServerLists>();
  let selections = 0;
  const select: SelectTools = (perServer, global) => {
    selections += 1;
    return selectAll(perServer, global);
  };
  const views = createViews({ lists: l, settings: () => settingsFor(order), select, logger: quiet });
  return { lists: l, views, selections: () => selections };
}

describe('createViews', () => {
  it('returns the same arrays until a change, and new ones after it', () => {
    const { lists: l, views } = liveViews(['a']);
    l.set('a', lists({ tools: [tool('t')], prompts: [{ name: 'p' }] }));
    views.invalidate({ tools: true, others: true });
    const tools = views.tools().visibleAll;
    const prompts = views.others().promptsAll;
    expect(tools.map((t) => t.name)).toEqual(['a__t']);
    expect(views.tools().visibleAll).toBe(tools);
    expect(views.others().promptsAll).toBe(prompts);
    views.invalidate({ tools: true });
    expect(views.tools().visibleAll).not.toBe(tools);
    expect(views.others().promptsAll).toBe(prompts);
  });

  it('runs the policy once for a burst of changes in one turn, even when nobody reads', async () => {
    const { lists: l, views, selections } = liveViews(['a', 'b']);
    l.set('a', lists({ tools: [tool('t')] }));
    views.invalidate({ tools: true });
    l.set('b', lists({ tools: [tool('u')] }));
    views.invalidate({ tools: true, others: true });
    expect(selections()).toBe(0);
    await Promise.resolve();
    expect(selections()).toBe(1);
    expect(views.tools().visibleAll.map((t) => t.name)).toEqual(['a__t', 'b__u']);
    expect(selections()).toBe(1);
  });

  it('says whether a reselection changed what clients see', () => {
    const { lists: l, views } = liveViews(['a']);
    l.set('a', lists({ tools: [tool('t')] }));
    // Never built with these lists: counts as a change.
    expect(views.reselect(false)).toBe(true);
    expect(views.reselect(false)).toBe(false);
    l.set('a', lists({ tools: [tool('t'), tool('off-u')] }));
    expect(views.reselect(false)).toBe(false);
    l.set('a', lists({ tools: [tool('t'), tool('u')] }));
    expect(views.reselect(false)).toBe(true);
  });

  it('rebuilds the other views on a reselection only when asked or stale', () => {
    const { lists: l, views } = liveViews(['a']);
    const before = views.others().promptsAll;
    l.set('a', lists({ prompts: [{ name: 'p' }] }));
    views.reselect(false);
    expect(views.others().promptsAll).toBe(before);
    views.reselect(true);
    expect(views.others().promptsAll.map((p) => p.name)).toEqual(['a__p']);
  });

  it('drops the rebuild queued for the end of the turn once closed', async () => {
    const { lists: l, views, selections } = liveViews(['a']);
    l.set('a', lists({ tools: [tool('t')] }));
    views.invalidate({ tools: true });
    views.close();
    await Promise.resolve();
    expect(selections()).toBe(0);
  });
});
