import { describe, expect, it } from 'vitest';

import { connectionLine, isCurrent, NAV } from './nav-items.js';

describe('nav items', () => {
  it('marks Servers current on a server page and while adding one', () => {
    expect(NAV.map((n) => n.view)).toEqual([
      'overview',
      'servers',
      'budgets',
      'activity',
      'clients',
      'settings',
    ]);
    expect(isCurrent({ view: 'servers' }, 'servers')).toBe(true);
    expect(isCurrent({ view: 'server', name: 'm', tab: undefined }, 'servers')).toBe(true);
    expect(isCurrent({ view: 'add' }, 'servers')).toBe(true);
    expect(isCurrent({ view: 'add' }, 'overview')).toBe(false);
    expect(isCurrent({ view: 'budgets' }, 'budgets')).toBe(true);
  });

  it('words the connection with its dot', () => {
    expect(connectionLine('online', '1.2.3')).toEqual({ dot: 'running', text: 'Connected · v1.2.3' });
    expect(connectionLine('online', undefined)).toEqual({ dot: 'running', text: 'Connected' });
    expect(connectionLine('connecting', undefined)).toEqual({ dot: 'starting', text: 'Connecting…' });
    expect(connectionLine('offline', '1.2.3')).toEqual({ dot: 'error', text: 'Not connected' });
  });
});
