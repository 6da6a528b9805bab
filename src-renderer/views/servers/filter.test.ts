import { describe, expect, it } from 'vitest';

import type { ServerRow } from '../../stores/servers.js';
import { filterServers } from './filter.js';

const row = (name: string, state: ServerRow['state'], description?: string) =>
  ({ name, state, description }) as ServerRow;
const rows = [
  row('memory', 'running', 'Knowledge Graph'),
  row('gh', 'error'),
  row('slow', 'degraded'),
  row('off', 'disabled'),
  row('idle', 'stopped'),
  row('retry', 'restarting'),
];
const names = (q: string, f: Parameters<typeof filterServers>[2]) =>
  filterServers(rows, q, f).map((s) => s.name);

describe('filterServers', () => {
  it('shows a group of states', () => {
    expect(names('', 'all')).toHaveLength(6);
    expect(names('', 'problems')).toEqual(['gh', 'slow', 'retry']);
    expect(names('', 'running')).toEqual(['memory']);
    expect(names('', 'off')).toEqual(['off', 'idle']);
  });

  it('matches the name or description in any case, within the group', () => {
    expect(names('GRAPH', 'all')).toEqual(['memory']);
    expect(names('r', 'problems')).toEqual(['retry']);
    expect(names('graph', 'off')).toEqual([]);
  });
});
