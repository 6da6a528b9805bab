import { describe, expect, it } from 'vitest';

import { GatewayConfigSchema } from '../../../src-shared/config.js';
import type { CatalogParts } from './catalog-parts.js';
import { type CatalogState, configChanged, reselect } from './catalog-state.js';
import type { ListChange } from './changes.js';
import { settingsOf } from './settings.js';

const config = (servers: string[], separator = '__') =>
  GatewayConfigSchema.parse({
    gateway: { toolNameSeparator: separator },
    mcpServers: Object.fromEntries(servers.map((s) => [s, { command: 'x' }])),
  });

function setup(toolsChange: boolean) {
  const state: CatalogState = { settings: settingsOf(config(['a', 'b', 'c'])), closed: false };
  const scheduled: Array<[string, ListChange]> = [];
  const reselected: boolean[] = [];
  const parts = {
    views: {
      reselect: (others: boolean) => {
        reselected.push(others);
        return toolsChange;
      },
    },
    store: {
      lists: new Map([
        ['a', {}],
        ['c', {}],
      ]),
    },
    changes: { schedule: (server: string, change: ListChange) => scheduled.push([server, change]) },
  } as unknown as Pick<CatalogParts, 'views' | 'store' | 'changes'>;
  return { state, parts, scheduled, reselected };
}

describe('catalog state', () => {
  it('announces a new selection for every server with lists, in the config’s order', () => {
    const { state, parts, scheduled } = setup(true);
    reselect(state, parts);
    expect(scheduled).toEqual([
      ['a', { tools: true, resources: false, prompts: false }],
      ['c', { tools: true, resources: false, prompts: false }],
    ]);
  });

  it('announces nothing when the selection did not change, or once closed', () => {
    const quiet = setup(false);
    reselect(quiet.state, quiet.parts);
    expect(quiet.scheduled).toEqual([]);
    const closed = setup(true);
    closed.state.closed = true;
    reselect(closed.state, closed.parts);
    expect(closed.reselected).toEqual([]);
  });

  it('takes a new config: removed servers leave the list cache, a new order renames everything', () => {
    const { state, parts, scheduled, reselected } = setup(false);
    const forgotten: string[] = [];
    configChanged(state, parts, { delete: (s) => void forgotten.push(s) }, config(['a', 'c']));
    expect(forgotten).toEqual(['b']);
    expect(state.settings.order).toEqual(['a', 'c']);
    expect(reselected).toEqual([true]);
    expect(scheduled.map(([s]) => s)).toEqual(['a', 'c']);
    configChanged(state, parts, undefined, config(['a', 'c']));
    expect(reselected).toEqual([true, false]);
  });
});
